#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "api/render.hpp"
#include "app/billing.hpp"
#include "app/demo_region.hpp"
#include "app/generate.hpp"
#include "app/reports.hpp"
#include "app/importer.hpp"
#include "cli/runtime.hpp"
#include "cli/serve.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "store/migrate/sqlite_to_postgres.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace mk::cli {
namespace {

struct Common {
  std::string data = "data";
  std::string db;
  std::string log_level = "info";
};

void add_common(CLI::App* cmd, Common& c) {
  cmd->add_option("--data", c.data,
                  "Data directory (created with its schema when missing); with --db only the local blob cache")
      ->envname("MEEKIJK_DATA")
      ->capture_default_str();
  cmd->add_option("--db", c.db, "PostgreSQL database instead of SQLite: postgresql://user@host:port/db")
      ->envname("MEEKIJK_DB");
  cmd->add_option("--log-level", c.log_level, "debug, info, warn or error")->capture_default_str();
}

RuntimeOptions runtime_options(const Common& c) {
  RuntimeOptions o;
  o.data_dir = c.data;
  o.db_url = c.db;
  auto level = parse_log_level(c.log_level);
  if (!level) throw Error(Errc::validation, "Bad option", "--log-level must be debug, info, warn or error");
  o.log_level = *level;
  return o;
}

int cmd_import(const Common& c, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "meekijk import: cannot read " << file << "\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  app::Importer importer(rt.store(), rt.ids(), rt.options().password_cost, &clock);
  auto r = importer.import_json(text.str());
  std::cout << "organizations: " << r.organizations_created << " created, " << r.organizations_updated
            << " updated\nservices: " << r.services_created << " created, " << r.services_updated
            << " updated\nusers: " << r.users_created << " created, " << r.users_updated
            << " updated\ncontracts: " << r.contracts_created << " created, " << r.contracts_updated << " updated\n";
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  return 0;
}

int cmd_token(const Common& c, const std::string& email, const std::string& label) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  std::cout << rt.auth().create_token(email, label) << "\n";
  return 0;
}

int cmd_totp(const Common& c, const std::string& email) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  std::cout << rt.auth().enroll_totp(email) << "\n";
  return 0;
}

int cmd_audit_verify(const Common& c) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  auto r = app::verify_audit_chain(rt.store());
  if (r.ok) {
    std::cout << "audit chain intact: " << r.entries << " entries\n";
    return 0;
  }
  std::cerr << "audit chain BROKEN at entry " << r.first_broken_seq << ": " << r.problem << "\n";
  return 1;
}

int cmd_backup(const Common& c, const std::string& out) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  rt.store().backup(out);
  std::cout << "backup written to " << out << "\n";
  return 0;
}

// SQLite data dir → empty PostgreSQL database, then the checks: row counts per table (already
// compared inside the copying transaction) and the audit chain, sealed and verified as
// `audit verify` does.
int cmd_migrate_store(const Common& c, const std::string& from, const std::string& to) {
  if (to.rfind("postgresql://", 0) != 0 && to.rfind("postgres://", 0) != 0) {
    std::cerr << "meekijk migrate-store: --to must be a postgresql:// URL\n";
    return 2;
  }
  auto options = runtime_options(c);
  Logger log(std::cerr, options.log_level);
  auto report = store::migrate_sqlite_to_postgres(from, to, log);
  std::cout << std::left << std::setw(20) << "table" << std::right << std::setw(12) << "sqlite" << std::setw(12)
            << "postgresql" << "\n";
  for (const auto& t : report.tables)
    std::cout << std::left << std::setw(20) << t.name << std::right << std::setw(12) << t.source_rows
              << std::setw(12) << t.target_rows << "\n";
  std::cout << "row counts equal in every table\n";

  // The PostgreSQL store wants a local blob cache: a temporary one, removed afterwards.
  std::string pattern = (std::filesystem::temp_directory_path() / "meekijk-migrate-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw Error(Errc::unavailable, "No temporary directory", "mkdtemp failed");
  struct RemoveDir {
    std::string dir;
    ~RemoveDir() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{pattern};
  options.data_dir = pattern;
  options.db_url = to;
  SystemClock clock;
  Runtime rt(options, clock, std::cerr);
  auto r = app::verify_audit_chain(rt.store());  // seals the copied entries first (flush_audit)
  if (!r.ok) {
    std::cerr << "audit chain BROKEN at entry " << r.first_broken_seq << ": " << r.problem << "\n";
    return 1;
  }
  std::cout << "audit chain intact: " << r.entries << " entries\n";
  std::cout << "migrated " << from << " to " << rt.store().describe() << "\n";
  return 0;
}

// A synthetic region into an empty store: the directory through the ordinary store (which
// also creates or migrates the schema), then the consults through the bulk path with the
// store closed. Progress and phase times on stderr, the summary on stdout.
int cmd_generate(const Common& c, app::GenerateOptions go, const std::string& end, bool keep_indexes) {
  if (!end.empty()) {
    auto d = parse_date(end);
    if (!d) throw Error(Errc::validation, "Bad option", "--end is a date (YYYY-MM-DD)");
    go.end = *d;
  } else {
    go.end = domain::amsterdam_date(SystemClock().now());  // the composition root owns the clock
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto options = runtime_options(c);
  std::optional<app::Generator> gen;
  {
    SystemClock clock;
    Runtime rt(options, clock, std::cerr);
    if (app::region_present(rt.store()))
      throw Error(Errc::conflict, "Region already present",
                  "the store already holds organisations; `meekijk generate` fills only an empty one");
    gen.emplace(go, std::cerr);
    gen->save_directory(rt.store(), rt.audit());
  }
  store::BulkOptions bulk{.rebuild_indexes = !keep_indexes};
  auto loader = options.db_url.empty() ? store::open_sqlite_bulk_loader(options.data_dir, bulk)
                                       : store::open_postgres_bulk_loader(options.db_url, bulk);
  auto sum = gen->load(*loader);
  loader.reset();
  {
    const auto r0 = std::chrono::steady_clock::now();
    SystemClock clock;
    Runtime rt(options, clock, std::cerr);
    auto n = gen->write_report_cells(rt.store());
    std::cerr << "generate: report cells of " << n << " closed consults in " << std::fixed << std::setprecision(1)
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count() << " s\n";
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "generated " << go.scale << " region, " << format_date(sum.first_day) << " to " << format_date(sum.end)
            << " (exclusive)\norganizations: " << sum.organizations << " (" << sum.practices << " practices, "
            << sum.hospitals << " hospitals)\nusers: " << sum.users << " (" << sum.gps << " GPs)\nservices: "
            << sum.services << "\ncontracts: " << sum.contracts << "\npatients: " << sum.patients
            << "\nconsults: " << sum.consults << " (" << sum.closed << " closed)\nmessages: " << sum.messages
            << "\nevents: " << sum.events << "\ndeclaration lines: " << sum.declarations << "\nseconds: " << std::fixed
            << std::setprecision(1) << seconds << "\n";
  return 0;
}

}  // namespace

// Writes the region's declarations and statement of one month as two files in `dir`.
int cmd_billing_export(const Common& c, const std::string& month, const std::string& format, const std::string& dir) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  auto m = rt.billing().export_month(month);
  auto s = rt.billing().export_statement(month);
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& body) {
    auto path = std::filesystem::path(dir) / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << body;
    out.close();
    if (!out) throw Error(Errc::internal, "Write failed", "cannot write " + path.string());
    std::cout << path.string() << "\n";
  };
  if (format == "json") {
    write("declarations-" + month + ".json", boost::json::serialize(api::render_billing_month(m)) + "\n");
    write("statement-" + month + ".json", boost::json::serialize(api::render_statement(s)) + "\n");
  } else {
    write("declarations-" + month + ".csv", app::declarations_csv(m));
    write("statement-" + month + ".csv", app::statement_csv(s));
  }
  std::cerr << m.items.size() << " declaration lines, total EUR " << app::euro_text(m.total_cents) << "\n";
  if (!m.no_contract.empty()) {
    std::cerr << "warning: " << m.no_contract.size() << " closed consult(s) without a contract, not billed:\n";
    for (const auto& u : m.no_contract) std::cerr << "  " << u.item.reference << " (" << u.item.reason << ")\n";
  }
  return 0;
}

// The region's triple-aim report: a table on stdout, or CSV/JSON into --out.
int cmd_report(const Common& c, const std::string& from, const std::string& to, const std::string& by,
               const std::string& format, const std::string& out, bool from_consults) {
  auto f = parse_date(from), t = parse_date(to);
  auto b = app::parse_report_by(by);
  if (!f || !t || !b)
    throw Error(Errc::validation, "Bad option",
                "--from and --to are dates (YYYY-MM-DD); --by is month, specialty, service, hospital, care_group, "
                "practice, modality or pc4");
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = rt.reports().triple_aim_region(*f, *t, *b, from_consults);
  std::cerr << "report: " << r.groups.size() << " groups, " << r.total.consults << " closed consults in " << std::fixed
            << std::setprecision(3) << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
            << " s\n";
  std::string body = format == "json" ? boost::json::serialize(api::render_triple_aim(r)) + "\n" : app::triple_aim_csv(r);
  if (out.empty() || out == "-") {
    std::cout << body;
  } else {
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << body;
    file.close();
    if (!file) throw Error(Errc::internal, "Write failed", "cannot write " + out);
  }
  return 0;
}

// The report's pre-aggregated cells again from the closed consults (one transaction).
int cmd_rebuild_report_cells(const Common& c) {
  SystemClock clock;
  Runtime rt(runtime_options(c), clock, std::cerr);
  const auto t0 = std::chrono::steady_clock::now();
  auto n = rt.reports().rebuild_cells();
  std::cout << "report cells rebuilt from " << n << " closed consults in " << std::fixed << std::setprecision(1)
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
  return 0;
}

int run(int argc, char** argv) {
  CLI::App app{"meekijk — regional meekijkconsult platform"};
  app.require_subcommand(1);
  Common common;
  ServeFlags serve_flags;

  auto* serve = app.add_subcommand("serve", "Serve the web app and API");
  add_common(serve, common);
  add_serve_flags(serve, serve_flags);

  auto* demo = app.add_subcommand("demo", "Seed the Rotterdam demo region into an empty data dir, then serve");
  add_common(demo, common);
  add_serve_flags(demo, serve_flags);

  std::string import_file;
  auto* import = app.add_subcommand("import", "Import organisations, services and users (idempotent by ref)");
  add_common(import, common);
  import->add_option("file", import_file, "The import file (JSON)")->required()->check(CLI::ExistingFile);

  auto* token = app.add_subcommand("token", "Bearer tokens for integrations");
  token->require_subcommand(1);
  std::string token_email, token_label = "cli";
  auto* token_create = token->add_subcommand("create", "Create a bearer token; prints it alone on stdout");
  add_common(token_create, common);
  token_create->add_option("--email", token_email, "The user's e-mail address")->required();
  token_create->add_option("--label", token_label, "What the token is for")->capture_default_str();

  auto* user = app.add_subcommand("user", "User accounts");
  user->require_subcommand(1);
  std::string totp_email;
  auto* totp = user->add_subcommand("enable-totp", "Enrol a second factor; prints the otpauth:// URI for the app");
  add_common(totp, common);
  totp->add_option("--email", totp_email, "The user's e-mail address")->required();

  auto* audit = app.add_subcommand("audit", "The NEN 7513 access log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the hash chain; non-zero exit names the first broken entry");
  add_common(verify, common);

  auto* billing = app.add_subcommand("billing", "Declarations and statements (DESIGN §6)");
  billing->require_subcommand(1);
  std::string billing_month, billing_format = "csv", billing_out = ".";
  auto* billing_export = billing->add_subcommand(
      "export", "Write the month's declaration lines and statement of the whole region (CSV or JSON)");
  add_common(billing_export, common);
  billing_export->add_option("--month", billing_month, "The month, YYYY-MM")->required();
  billing_export->add_option("--format", billing_format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  billing_export->add_option("--out", billing_out, "Directory for the files")->capture_default_str();

  std::string report_from, report_to, report_by = "month", report_format = "csv", report_out;
  auto* report = app.add_subcommand("report", "The triple-aim report of the region (DESIGN §7) as CSV or JSON");
  add_common(report, common);
  report->add_option("--from", report_from, "First day, YYYY-MM-DD")->required();
  report->add_option("--to", report_to, "Last day (inclusive), YYYY-MM-DD")->required();
  report->add_option("--by", report_by, "month, specialty, service, hospital, care_group, practice, modality or pc4")
      ->capture_default_str();
  report->add_option("--format", report_format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  report->add_option("--out", report_out, "File to write (default: stdout)");
  bool report_from_consults = false;
  report->add_flag("--from-consults", report_from_consults,
                   "Read the closed consults instead of the pre-aggregated cells (slow; to check the cells)");

  auto* rebuild_cells = app.add_subcommand("rebuild-report-cells",
                                           "Recompute the triple-aim report's pre-aggregated cells from the consults");
  add_common(rebuild_cells, common);

  app::GenerateOptions generate_options;
  std::string generate_end;
  bool generate_keep_indexes = false;
  auto* generate = app.add_subcommand(
      "generate", "Fill an EMPTY data dir or database with a synthetic region and years of consults (benchmarks)");
  add_common(generate, common);
  generate->add_option("--scale", generate_options.scale, "rotterdam or national")
      ->check(CLI::IsMember({"rotterdam", "national"}))
      ->capture_default_str();
  generate->add_option("--years", generate_options.years, "Years of history (1-20)")->capture_default_str();
  generate->add_option("--seed", generate_options.seed, "Same seed and end date, same data")->capture_default_str();
  generate->add_option("--end", generate_end, "The history ends before this day, YYYY-MM-DD (default: today)");
  generate->add_option("--consults-per-year", generate_options.consults_per_year, "Override the scale's volume")
      ->group("");
  generate->add_flag("--keep-indexes", generate_keep_indexes, "Load with every index in place (to measure)")
      ->group("");

  std::string backup_out;
  auto* backup = app.add_subcommand("backup", "Online backup into a new directory (a complete data dir)");
  add_common(backup, common);
  backup->add_option("out", backup_out, "The new backup directory")->required();

  std::string migrate_from, migrate_to;
  auto* migrate = app.add_subcommand(
      "migrate-store", "Move a region from a SQLite data dir into an empty PostgreSQL database, then check it");
  migrate->add_option("--from", migrate_from, "The SQLite data directory (stop its server first)")->required();
  migrate->add_option("--to", migrate_to, "The empty target database: postgresql://user@host:port/db")->required();
  migrate->add_option("--log-level", common.log_level, "debug, info, warn or error")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    if (*serve) return cmd_serve(runtime_options(common), serve_flags, false);
    if (*demo) {
      auto o = runtime_options(common);
      if (common.data == "data" && !app.get_subcommand("demo")->get_option("--data")->count()) o.data_dir = "demo-data";
      return cmd_serve(o, serve_flags, true);
    }
    if (*import) return cmd_import(common, import_file);
    if (*token_create) return cmd_token(common, token_email, token_label);
    if (*totp) return cmd_totp(common, totp_email);
    if (*verify) return cmd_audit_verify(common);
    if (*backup) return cmd_backup(common, backup_out);
    if (*report) return cmd_report(common, report_from, report_to, report_by, report_format, report_out, report_from_consults);
    if (*billing_export) return cmd_billing_export(common, billing_month, billing_format, billing_out);
    if (*migrate) return cmd_migrate_store(common, migrate_from, migrate_to);
    if (*rebuild_cells) return cmd_rebuild_report_cells(common);
    if (*generate) return cmd_generate(common, generate_options, generate_end, generate_keep_indexes);
  } catch (const Error& e) {
    std::cerr << "meekijk: " << e.what() << "\n";
    for (const auto& f : e.errors()) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "meekijk: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace mk::cli
