# cmake -DWEB_DIR=… -DOUT_DIR=… -DNPM=… -P build_web.cmake — run by src/web/CMakeLists.txt.
# Installs web/'s dependencies when needed and builds the app into OUT_DIR.
cmake_minimum_required(VERSION 3.25)

# Several build trees share web/node_modules: one install or build at a time (an `npm ci`
# replaces node_modules under a running build). The lock lives outside the source tree.
string(MD5 key "${WEB_DIR}")
set(lock /tmp/meekijk-web-${key}.lock)
file(LOCK ${lock} GUARD PROCESS TIMEOUT 900)
set(installed ${WEB_DIR}/node_modules/.package-lock.json)
set(need_install FALSE)
if(NOT EXISTS ${installed})
  set(need_install TRUE)
elseif(${WEB_DIR}/package-lock.json IS_NEWER_THAN ${installed})
  set(need_install TRUE)
endif()
if(need_install)
  message(STATUS "web: npm ci")
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY ${WEB_DIR} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "web: npm ci failed (${rc})")
  endif()
  file(TOUCH ${installed})
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -E env MEEKIJK_WEB_OUT=${OUT_DIR} ${NPM} run --silent build
                WORKING_DIRECTORY ${WEB_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "web: npm run build failed (${rc})")
endif()
