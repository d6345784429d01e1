#include "targets.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <lua.hpp>

#include "engine/lua/capabilities.hpp"
#include "engine/lua/json.hpp"
#include "engine/lua/runtime.hpp"
#include "engine/store/csv_reader.hpp"
#include "engine/store/csv_writer.hpp"
#include "engine/templates/loader.hpp"
#include "engine/templates/loader_internal.hpp"
#include "hostile_inputs.hpp"
#include "image_header.hpp"
#include "kamiflow/escape.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::fuzz {
namespace {

namespace fs = std::filesystem;
using Seeds = std::vector<std::pair<std::string, std::string>>;

// Every Status kamiflow produces must be valid UTF-8 (issue #13, case 2).
void check_reason(const Status& st) {
  if (!st.ok() && !is_valid_utf8(st.message())) std::abort();
}

// A per-process scratch file (libFuzzer runs one input at a time per process).
const fs::path& scratch_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("kamiflow-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void write(const fs::path& p, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

int image(const std::uint8_t* data, std::size_t size, ocr::image_header::Format want) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (ocr::image_header::sniff(bytes) != want) return -1;  // keep the corpus to this format
  Result<ocr::PageImage> page = ocr::decode_image_bytes(bytes);
  check_reason(page.status());
  if (!page.ok()) return 0;
  // The report's thumbnail: the path a 1 x 100000 page once aborted.
  Result<std::vector<std::uint8_t>> thumb = page->encode_png_scaled(64);
  check_reason(thumb.status());
  return 0;
}

int png(const std::uint8_t* d, std::size_t n) { return image(d, n, ocr::image_header::Format::kPng); }
int jpeg(const std::uint8_t* d, std::size_t n) { return image(d, n, ocr::image_header::Format::kJpeg); }
int tiff(const std::uint8_t* d, std::size_t n) { return image(d, n, ocr::image_header::Format::kTiff); }
int bmp(const std::uint8_t* d, std::size_t n) { return image(d, n, ocr::image_header::Format::kBmp); }

int pdf(const std::uint8_t* data, std::size_t size) {
  const fs::path file = scratch_dir() / "input.pdf";
  write(file, data, size);
  ocr::PageSourceLimits limits;
  limits.pdf_dpi = 24;  // small pages: the fuzzer is after parsing, not pixels
  limits.max_pages = 4;
  limits.page_seconds = 5;  // the production path: a child under a watchdog
  limits.page_memory_bytes = 512LL << 20;
  Result<std::unique_ptr<ocr::PageSource>> source = ocr::PageSource::open(file.string(), limits);
  check_reason(source.status());
  if (!source.ok()) return 0;
  for (int i = 0; i < (*source)->page_count() && i < 2; ++i) check_reason((*source)->page(i).status());
  return 0;
}

// Lua source as a template file, and the same bytes as a JSON table straight into the parser
// and checks (what a template table becomes), which reaches them without Lua's syntax first.
int template_file(const std::uint8_t* data, std::size_t size) {
  const fs::path file = scratch_dir() / "template.lua";
  write(file, data, size);
  TemplateLoadOptions options;
  options.max_instructions = 200'000;
  options.max_seconds = 2;
  options.require_reference_image = false;
  check_reason(load_template(file.string(), options).status());
  const Result<nlohmann::json> parsed =
      lua_detail::parse_json_bounded(std::string_view(reinterpret_cast<const char*>(data), size), 32);
  if (parsed.ok()) {
    const nlohmann::json& table = *parsed;
    std::vector<std::string> errors;
    template_detail::ParseNotes notes;
    const ocr::FormTemplate form = template_detail::parse_template(table, scratch_dir().string(), errors, notes);
    template_detail::check_template_into(form, false, notes, errors);
    for (const auto& e : errors) check_reason(Status::InvalidInput(e));
  }
  return 0;
}

int json_decode(const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<LuaRuntime> rt;
  static std::unique_ptr<WorkflowGrants> grants;
  static std::unique_ptr<GrantScope> scope;
  if (!rt) {
    LuaRuntimeOptions o;
    o.max_instructions = 0;
    o.max_seconds = 0;
    rt = std::move(LuaRuntime::create(o)).value();
    if (!install_workflow_modules(*rt).ok()) std::abort();
    grants = std::move(WorkflowGrants::from_declaration({{"json", true}})).value();
    scope = std::make_unique<GrantScope>(*rt, *grants);
    // decode, then encode what came back, then decode that: the same value both times.
    if (!rt->run_string("function fuzz_roundtrip(s)\n"
                        "  local v, err = kamiflow.json.decode(s)\n"
                        "  if v == nil then return err end\n"
                        "  local ok, text = pcall(kamiflow.json.encode, v)\n"
                        "  if not ok or text == nil then return 'unencodable' end\n"
                        "  local again = kamiflow.json.decode(text)\n"
                        "  if kamiflow.json.encode(again) ~= text then error('round trip differs: ' .. text) end\n"
                        "  return text\n"
                        "end",
                        "fuzz")
             .ok())
      std::abort();
  }
  lua_State* L = rt->state();
  lua_getglobal(L, "fuzz_roundtrip");
  lua_pushlstring(L, reinterpret_cast<const char*>(data), size);
  const Status st = rt->call(1, 1);
  if (!st.ok()) std::abort();  // a script error here is a kamiflow bug (crash or broken round trip)
  lua_pop(L, 1);
  return 0;
}

int csv(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (CsvEncoding enc : {CsvEncoding::kUtf8Bom, CsvEncoding::kCp932}) {
    Result<CsvRows> rows = csv_decode(bytes, enc);
    check_reason(rows.status());
    if (!rows.ok() || rows->empty()) continue;
    // Whatever was read writes back and reads again to the same rows (ragged rows are refused).
    CsvOptions o;
    o.encoding = CsvEncoding::kUtf8;
    o.neutralise_formulas = false;
    Result<std::string> text = csv_encode(*rows, o);
    check_reason(text.status());
    if (!text.ok()) continue;
    Result<CsvRows> again = csv_decode(*text, CsvEncoding::kUtf8);
    if (!again.ok() || *again != *rows) std::abort();
  }
  return 0;
}

Seeds image_seeds(std::string (*make)(int, int), const std::string& ext) {
  Seeds s;
  for (auto [w, h] : {std::pair{1, 1}, {2, 3000}, {1, 100000}, {3, 2}, {64, 64}, {300, 200}})
    if (make == hostile::png || make == hostile::bmp || h <= 65500) s.emplace_back(std::to_string(w) + "x" + std::to_string(h) + ext, make(w, h));
  return s;
}
Seeds png_seeds() {
  Seeds s = image_seeds(hostile::png, ".png");
  s.emplace_back("raw-chunk-type.png", hostile::png_with_raw_chunk_type());
  return s;
}
Seeds jpeg_seeds() { return image_seeds(hostile::jpeg, ".jpg"); }
Seeds tiff_seeds() { return image_seeds(hostile::tiff, ".tif"); }
Seeds bmp_seeds() { return image_seeds(hostile::bmp, ".bmp"); }
Seeds pdf_seeds() {
  return {{"simple.pdf", hostile::pdf_simple()},
          {"tiny.pdf", hostile::pdf_simple(1, 1)},
          {"nested-6.pdf", hostile::pdf_nested_forms(6)}};
}
Seeds template_seeds() {
  Seeds s;
  for (const char* form : {"sodai_gomi", "jido_teate", "inkan_touroku", "kokuho_shutoku"}) {
    std::ifstream in(fs::path(KAMIFLOW_SOURCE_DIR) / "samples/forms" / form / "template.lua", std::ios::binary);
    s.emplace_back(std::string(form) + ".lua", std::string(std::istreambuf_iterator<char>(in), {}));
  }
  s.emplace_back("page.json", R"({"id":"x","page":{"width_mm":210,"height_mm":297},"fields":[{"name":"a","type":"text","box":{"x":10,"y":10,"w":50,"h":10}}]})");
  s.emplace_back("huge-page.lua", "return { id = 'x', page = { width_mm = 1e9, height_mm = 1e9 }, fields = {} }");
  s.emplace_back("escape.lua", "return { id = 'x', reference = { image = '../../../../etc/passwd' }, fields = {} }");
  return s;
}
Seeds json_seeds() {
  return {{"object.json", R"({"a":[1,2.5,"x",true,null,{"b":{}}],"c":"\u3042"})"},
          {"deep-200.json", hostile::deep_json(200)},
          {"string.json", R"("\ud83d\ude00 \\ \" \n")"}};
}
Seeds csv_seeds() {
  return {{"plain.csv", "\xEF\xBB\xBF" "a,b,c\r\n1,\"x,y\",\"q\"\"\"\r\n"},
          {"lf-cell.csv", "a,b\n\"\n=1+1\",\"\xEF\xBB\xBF=2\"\n"},
          {"cp932.csv", "\x83\x65\x83\x58\x83\x67,b\r\n"}};
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"png", png, png_seeds},           {"jpeg", jpeg, jpeg_seeds}, {"tiff", tiff, tiff_seeds},
      {"bmp", bmp, bmp_seeds},           {"pdf", pdf, pdf_seeds},    {"template", template_file, template_seeds},
      {"json", json_decode, json_seeds}, {"csv", csv, csv_seeds},
  };
  return all;
}

}  // namespace kamiflow::fuzz
