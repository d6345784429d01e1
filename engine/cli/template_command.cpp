// `kamiflow template new|preview|check`: a new form's template in minutes (docs/templates.md).
//   new BLANK --id ID [--out DIR] [--dpi N]   blank form scan → DIR/template.lua (a commented draft)
//                                             + DIR/blank.png (the deskewed blank, its reference)
//   preview T.lua [--out P.png|P.html] [--scan S]   boxes and names drawn over the blank (or a scan)
//   check T.lua --samples DIR [--json]        reads the filled scans in DIR, reports every field
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.hpp"
#include "engine/os/atomic_file.hpp"
#include "engine/templates/loader.hpp"
#include "engine/templates/template_draft.hpp"
#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/ocr/form_structure.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "kamiflow/ocr/template_preview.hpp"

namespace kamiflow::cli {
namespace {

namespace fs = std::filesystem;

struct TemplateCli {
  std::string blank, id, out, tmpl, scan, samples;
  double dpi = 0;
  int max_side = 0;
  bool force = false, json = false;
};

Result<ocr::PageImage> first_page(const std::string& file) {
  auto src = ocr::PageSource::open(file);
  if (!src.ok()) return src.status();
  return (*src)->page(0);
}

std::string bytes_of(const std::vector<std::uint8_t>& v) { return std::string(v.begin(), v.end()); }

ExitCode fail(const std::string& message, ExitCode code = ExitCode::kFailure) {
  std::cerr << "error: " << message << "\n";
  return code;
}

ExitCode run_new(const TemplateCli& o) {
  for (char c : o.id) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return fail("--id must be [a-z0-9_]+ (got '" + o.id + "')", ExitCode::kUsage);
  }
  const fs::path dir = o.out.empty() ? fs::path(o.id) : fs::path(o.out);
  if (fs::exists(dir / "template.lua") && !o.force)
    return fail((dir / "template.lua").string() + " exists; pass --force to replace it", ExitCode::kUsage);
  auto page = first_page(o.blank);
  if (!page.ok()) return fail(page.status().message());
  ocr::StructureOptions so;
  so.dpi = o.dpi;
  auto s = ocr::detect_form_structure(*page, so);
  if (!s.ok()) return fail(o.blank + ": " + s.status().message());
  if (s->areas.empty()) return fail(o.blank + ": no ruled cells found (is it a blank form with ruled boxes?)");
  TemplateDraft draft = draft_template(*s, o.id, "blank.png");
  draft.source = fs::path(o.blank).filename().string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
  auto png = s->page.encode_png();
  if (!png.ok()) return fail(png.status().message());
  if (Status st = write_file_atomically(dir / "blank.png", bytes_of(*png)); !st.ok()) return fail(st.message());
  if (Status st = write_file_atomically(dir / "template.lua", template_lua(draft)); !st.ok()) return fail(st.message());
  // The draft must load as it is: say so now rather than at the author's first preview.
  auto loaded = load_template((dir / "template.lua").string());
  if (!loaded.ok()) return fail("the draft does not load (please report): " + loaded.status().message());
  int cells = 0, options = 0;
  for (const auto& f : draft.form.fields) cells += static_cast<int>(f.cells.size()), options += static_cast<int>(f.options.size());
  std::cout << (dir / "template.lua").string() << ": " << draft.form.fields.size() << " fields (" << cells
            << " character boxes, " << options << " options), skew " << std::fixed << std::setprecision(2)
            << s->skew_degrees << "°, " << std::setprecision(0) << s->dpi << " dpi\n"
            << "next: kamiflow template preview " << (dir / "template.lua").string() << "\n";
  return ExitCode::kOk;
}

// Reads one scan against the template alone; the record, or why not.
Result<ocr::Record> read_scan(ocr::Extractor& extractor, const std::string& file) {
  auto page = first_page(file);
  if (!page.ok()) return page.status();
  return extractor.extract(*page, ocr::PageInfo{file, 1, ""});
}

std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? k[v & 63] : '=';
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

ExitCode run_preview(const TemplateCli& o) {
  auto form = load_template(o.tmpl);
  if (!form.ok()) return fail(form.status().message(), ExitCode::kUsage);
  std::map<std::string, std::string> values;
  Result<ocr::PageImage> image = Status::Internal("unset");
  if (o.scan.empty()) {
    image = ocr::render_template_preview(**form);
  } else {
    auto extractor = ocr::Extractor::create({*form});
    if (!extractor.ok()) return fail(extractor.status().message());
    auto rec = read_scan(**extractor, o.scan);
    if (!rec.ok()) return fail(o.scan + ": " + rec.status().message(), ExitCode::kRejects);
    for (const auto& f : rec->fields) values[f.name] = f.value;
    auto page = first_page(o.scan);
    if (!page.ok()) return fail(page.status().message());
    image = ocr::render_scan_preview(**form, *page, values);
  }
  if (!image.ok()) return fail(image.status().message());
  const fs::path out = o.out.empty() ? fs::path(o.tmpl).replace_extension("preview.png") : fs::path(o.out);
  auto png = o.max_side > 0 ? image->encode_png_scaled(o.max_side) : image->encode_png();
  if (!png.ok()) return fail(png.status().message());
  std::string data = bytes_of(*png);
  if (out.extension() == ".html") {
    std::ostringstream h;
    h << "<!doctype html><meta charset=\"utf-8\"><title>" << html_escape((*form)->id) << " preview</title>\n"
      << "<style>body{font-family:sans-serif}img{max-width:100%;border:1px solid #ccc}td,th{padding:2px 8px;"
         "text-align:left}</style>\n<h1>" << html_escape((*form)->id) << " " << html_escape((*form)->title) << "</h1>\n"
      << "<p>red: field boxes · blue: character boxes · green: options</p>\n<table><tr><th>field<th>label<th>type"
      << "<th>box (mm)" << (o.scan.empty() ? "" : "<th>read") << "</tr>\n";
    for (const auto& f : (*form)->fields) {
      h << "<tr><td>" << html_escape(f.name) << "<td>" << html_escape(f.label) << "<td>" << ocr::field_type_name(f.type)
        << "<td>" << f.box.x << ", " << f.box.y << ", " << f.box.w << " × " << f.box.h;
      if (!o.scan.empty()) h << "<td>" << html_escape(values[f.name]);
      h << "</tr>\n";
    }
    h << "</table>\n<img alt=\"preview\" src=\"data:image/png;base64," << base64(data) << "\">\n";
    data = h.str();
  }
  if (Status st = write_file_atomically(out, data); !st.ok()) return fail(st.message());
  std::cout << out.string() << "\n";
  return ExitCode::kOk;
}

bool is_scan(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".png" || e == ".jpg" || e == ".jpeg" || e == ".tif" || e == ".tiff" || e == ".bmp" || e == ".pdf";
}

// One page of `template check`: printed as a table unless `json`, returned as JSON either way.
nlohmann::json report_page(const std::string& file, int page_no, const Result<ocr::Record>& rec, bool json) {
  nlohmann::json page{{"file", file}, {"page", page_no}};
  const std::string title = file + (page_no > 1 ? " page " + std::to_string(page_no) : "");
  if (!rec.ok()) {
    page["error"] = rec.status().message();
    if (!json) std::cout << title << ": " << rec.status().message() << "\n\n";
    return page;
  }
  page["alignment_score"] = rec->alignment_score;
  page["fields"] = nlohmann::json::array();
  if (!json) std::cout << title << " (alignment " << std::fixed << std::setprecision(2) << rec->alignment_score << ")\n";
  for (const auto& f : rec->fields) {
    std::string flags;
    for (const auto& fl : f.flags) flags += (flags.empty() ? "" : ",") + fl;
    page["fields"].push_back({{"name", f.name}, {"type", ocr::field_type_name(f.type)}, {"value", f.value},
                              {"raw", f.raw}, {"confidence", f.confidence}, {"flags", f.flags}});
    if (!json)
      std::cout << "  " << std::left << std::setw(22) << f.name << std::setw(16) << ocr::field_type_name(f.type)
                << std::right << std::setprecision(2) << f.confidence << "  " << f.value
                << (flags.empty() ? "" : "  [" + flags + "]") << "\n";
  }
  if (!json) std::cout << "\n";
  return page;
}

ExitCode run_check(const TemplateCli& o) {
  auto form = load_template(o.tmpl);
  if (!form.ok()) return fail(form.status().message(), ExitCode::kUsage);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(o.samples, ec)) {
    if (e.is_regular_file() && is_scan(e.path())) files.push_back(e.path());
  }
  if (ec) return fail("cannot read " + o.samples + ": " + ec.message(), ExitCode::kUsage);
  std::sort(files.begin(), files.end());
  if (files.empty()) return fail(o.samples + ": no scans (PNG, JPEG, TIFF, BMP, PDF)", ExitCode::kUsage);
  auto extractor = ocr::Extractor::create({*form});
  if (!extractor.ok()) return fail(extractor.status().message());
  nlohmann::json pages = nlohmann::json::array();
  bool any_rejected = false;
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    auto src = ocr::PageSource::open(file.string());
    if (!src.ok()) {
      any_rejected = true;
      pages.push_back(report_page(name, 1, src.status(), o.json));
      continue;
    }
    for (int i = 0; i < (*src)->page_count(); ++i) {
      auto page = (*src)->page(i);
      Result<ocr::Record> rec = page.ok() ? (*extractor)->extract(*page, ocr::PageInfo{file.string(), i + 1, ""})
                                          : Result<ocr::Record>(page.status());
      any_rejected |= !rec.ok();
      pages.push_back(report_page(name, i + 1, rec, o.json));
    }
  }
  if (o.json) std::cout << nlohmann::json{{"template", (*form)->id}, {"pages", pages}}.dump() << "\n";
  return any_rejected ? ExitCode::kRejects : ExitCode::kOk;
}

}  // namespace

Command add_template_command(CLI::App& parent) {
  auto o = std::make_shared<TemplateCli>();
  CLI::App* app = parent.add_subcommand("template", "Draft, preview and check a form template (docs/templates.md)");
  app->require_subcommand(1);
  CLI::App* made = app->add_subcommand("new", "Draft DIR/template.lua from a blank form scan (ruled cells, labels by OCR)");
  made->add_option("blank", o->blank, "The blank form: PNG, JPEG, TIFF or PDF (first page), 150-300 dpi")->required();
  made->add_option("--id", o->id, "Template id, [a-z0-9_]+")->required();
  made->add_option("--out", o->out, "Output directory (default: ./ID)");
  made->add_option("--dpi", o->dpi, "Resolution of the scan when the file does not record it")->check(CLI::Range(100, 1200));
  made->add_flag("--force", o->force, "Replace an existing DIR/template.lua");
  CLI::App* preview = app->add_subcommand("preview", "Draw every field, cell and option box with its name");
  preview->add_option("template", o->tmpl, "Template (.lua)")->required();
  preview->add_option("--out", o->out, "P.png or P.html (default: beside the template, *.preview.png)");
  preview->add_option("--max-side", o->max_side, "Scale the image down to at most N px on its longer side")
      ->check(CLI::Range(100, 20000));
  preview->add_option("--scan", o->scan, "Draw over this filled scan after registration, with what is read");
  CLI::App* check = app->add_subcommand("check", "Read every page of the filled scans in a folder; report every field");
  check->add_option("template", o->tmpl, "Template (.lua)")->required();
  check->add_option("--samples", o->samples, "Folder of filled scans")->required();
  check->add_flag("--json", o->json, "One JSON object instead of the table");
  return {app, [o, made, preview](CliContext&) {
            if (made->parsed()) return run_new(*o);
            if (preview->parsed()) return run_preview(*o);
            return run_check(*o);
          }};
}

}  // namespace kamiflow::cli
