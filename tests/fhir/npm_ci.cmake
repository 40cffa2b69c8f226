# cmake -DDIR=tests/fhir -DNPM=npm -P npm_ci.cmake — the fhir_npm_ci test (ctest fixture
# fhir_node): installs the pinned test dependencies of package-lock.json when node_modules is
# missing or older than the lock, so a fresh clone's `make test` needs no manual step.
cmake_minimum_required(VERSION 3.25)

# Several build trees share tests/fhir/node_modules: one install at a time (`npm ci` replaces
# node_modules under a running test). The lock lives outside the source tree.
string(MD5 key "${DIR}")
file(LOCK /tmp/meekijk-fhir-tests-${key}.lock GUARD PROCESS TIMEOUT 600)
set(installed ${DIR}/node_modules/.package-lock.json)
if(EXISTS ${installed} AND NOT ${DIR}/package-lock.json IS_NEWER_THAN ${installed})
  return()
endif()
message(STATUS "tests/fhir: npm ci")
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tests/fhir: npm ci failed (${rc})")
endif()
file(TOUCH ${installed})
