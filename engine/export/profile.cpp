// parse_profile / load_profile: a profile table → ExportProfile, every mistake reported at once.
#include "engine/export/profile.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/lua/json.hpp"
#include "engine/lua/runtime.hpp"

namespace kamiflow::exporting {
namespace {

using nlohmann::json;

const std::set<std::string> kStates = {"accepted", "needs_review", "reviewed"};

class Parser {
 public:
  explicit Parser(std::string name) : name_(std::move(name)) {}

  void error(const std::string& path, const std::string& what) { errors_.push_back(name_ + ": " + path + ": " + what); }
  bool failed() const { return !errors_.empty(); }
  std::string message() const {
    std::string m;
    for (const auto& e : errors_) m += (m.empty() ? "" : "\n") + e;
    return m;
  }

  std::optional<std::string> text(const json& v, const std::string& path) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());  // map = { ["男"] = 1 }
    error(path, "expected a string");
    return std::nullopt;
  }

  // A string that must be one of `choices` (listed in the message when it is not).
  template <typename T>
  std::optional<T> choice(const json& v, const std::string& path, const std::vector<std::pair<std::string, T>>& choices) {
    auto s = text(v, path);
    if (!s) return std::nullopt;
    std::string names;
    for (const auto& [n, value] : choices) {
      if (n == *s) return value;
      names += (names.empty() ? "" : ", ") + n;
    }
    error(path, "unknown value '" + *s + "' (" + names + ")");
    return std::nullopt;
  }

  std::vector<std::string> strings(const json& v, const std::string& path) {
    std::vector<std::string> out;
    if (v.is_string()) return {v.get<std::string>()};
    if (!lua_detail::is_list_like(v)) {
      error(path, "expected a list of strings");
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto s = text(v[i], path + "[" + std::to_string(i + 1) + "]")) out.push_back(*s);
    return out;
  }

  Column column(const json& v, const std::string& path) {
    Column c;
    if (v.is_string()) {  // "name" is short for { field = "name" }
      c.name = v.get<std::string>();
      return c;
    }
    if (!v.is_object()) {
      error(path, "expected a field name or a table { field = ..., header = ... }");
      return c;
    }
    int kinds = 0;
    for (const auto& [k, item] : v.items()) {
      const std::string sub = path + "." + k;
      if (k == "field" || k == "meta" || k == "value") {
        ++kinds;
        auto s = text(item, sub);
        if (!s) continue;
        if (k == "field") c.kind = Column::Kind::kField, c.name = *s;
        if (k == "value") c.kind = Column::Kind::kConstant, c.constant = *s;
        if (k == "meta") {
          c.kind = Column::Kind::kMeta, c.name = *s;
          const auto& metas = meta_column_names();
          if (std::find(metas.begin(), metas.end(), *s) == metas.end()) {
            std::string all;
            for (const auto& m : metas) all += (all.empty() ? "" : ", ") + m;
            error(sub, "unknown meta column '" + *s + "' (" + all + ")");
          }
        }
      } else if (k == "header") {
        c.header = text(item, sub);
      } else if (k == "date") {
        c.date = choice<DateStyle>(item, sub, date_styles());
      } else if (k == "choices") {
        c.choices = choice<ChoiceStyle>(item, sub, {{"label", ChoiceStyle::kLabel}, {"value", ChoiceStyle::kValue}});
      } else if (k == "blank") {
        if (auto s = text(item, sub)) c.blank = *s;
      } else if (k == "map") {
        if (!item.is_object()) {
          error(sub, "expected a table { [\"男\"] = \"1\", ... }");
          continue;
        }
        for (const auto& [from, to] : item.items())
          if (auto s = text(to, sub + "." + from)) c.map[from] = *s;
      } else {
        error(sub, "unknown key (field, meta, value, header, date, choices, map, blank)");
      }
    }
    if (kinds != 1) error(path, "needs exactly one of field, meta or value");
    if (c.kind == Column::Kind::kConstant && !c.header && kinds == 1) c.header = "";
    return c;
  }

  FormLayout layout(const json& v, const std::string& path) {
    FormLayout f;
    if (!v.is_object()) {
      error(path, "expected a table { file = ..., columns = { ... } }");
      return f;
    }
    for (const auto& [k, item] : v.items()) {
      const std::string sub = path + "." + k;
      if (k == "file") {
        if (auto s = text(item, sub)) f.file = *s;
      } else if (k == "columns") {
        if (!lua_detail::is_list_like(item)) {
          error(sub, "expected a list of columns");
          continue;
        }
        for (std::size_t i = 0; i < item.size(); ++i)
          f.columns.push_back(column(item[i], sub + "[" + std::to_string(i + 1) + "]"));
      } else {
        error(sub, "unknown key (file, columns)");
      }
    }
    return f;
  }

  static std::vector<std::pair<std::string, DateStyle>> date_styles() {
    return {{"iso", DateStyle::kIso},
            {"yyyymmdd", DateStyle::kYyyymmdd},
            {"wareki", DateStyle::kWareki},
            {"wareki_code", DateStyle::kWarekiCode}};
  }

 private:
  std::string name_;
  std::vector<std::string> errors_;
};

}  // namespace

const std::vector<std::string>& meta_column_names() {
  static const std::vector<std::string> names = {"record_id", "form_id",    "form_title", "source_file",
                                                 "page",      "state",      "batch_id",   "created_at",
                                                 "file_sha256", "review_flags"};
  return names;
}

std::optional<DateStyle> parse_date_style(const std::string& s) {
  for (const auto& [n, v] : Parser::date_styles())
    if (n == s) return v;
  return std::nullopt;
}

Result<ExportProfile> parse_profile(const json& table, const std::string& name) {
  Parser p(name);
  ExportProfile prof;
  prof.name = name;
  if (!table.is_object()) return Status::InvalidInput(name + ": a profile must be a table of keys");
  bool file_set = false;
  for (const auto& [k, v] : table.items()) {
    if (k == "format") {
      if (auto f = p.choice<Format>(v, k, {{"csv", Format::kCsv}, {"xlsx", Format::kXlsx}})) prof.format = *f;
    } else if (k == "encoding") {
      if (auto e = p.choice<Encoding>(
              v, k, {{"utf-8-bom", Encoding::kUtf8Bom}, {"utf-8", Encoding::kUtf8}, {"cp932", Encoding::kCp932}}))
        prof.encoding = *e;
    } else if (k == "line_end") {
      if (auto e = p.choice<bool>(v, k, {{"crlf", true}, {"lf", false}})) prof.crlf = *e;
    } else if (k == "unencodable") {
      if (auto u = p.choice<Unencodable>(v, k, {{"refuse", Unencodable::kRefuse}, {"map", Unencodable::kMap}}))
        prof.unencodable = *u;
    } else if (k == "header") {
      if (auto h = p.choice<HeaderStyle>(v, k,
                                         {{"label", HeaderStyle::kLabel}, {"id", HeaderStyle::kId}, {"none", HeaderStyle::kNone}}))
        prof.header = *h;
    } else if (k == "date") {
      if (auto d = p.choice<DateStyle>(v, k, Parser::date_styles())) prof.date = *d;
    } else if (k == "choices") {
      if (auto c = p.choice<ChoiceStyle>(v, k, {{"label", ChoiceStyle::kLabel}, {"value", ChoiceStyle::kValue}}))
        prof.choices = *c;
    } else if (k == "separator") {
      if (auto s = p.text(v, k)) prof.separator = *s;
    } else if (k == "states") {
      prof.states = p.strings(v, k);
      for (const auto& s : prof.states)
        if (!kStates.count(s)) p.error(k, "unknown record state '" + s + "' (accepted, needs_review, reviewed)");
    } else if (k == "file") {
      if (auto s = p.text(v, k)) prof.file = *s, file_set = true;
    } else if (k == "templates") {
      prof.templates = p.strings(v, k);
    } else if (k == "forms") {
      if (!v.is_object()) {
        p.error(k, "expected a table { form_id = { columns = ... } }");
        continue;
      }
      prof.only_listed_forms = true;
      for (const auto& [id, layout] : v.items()) prof.forms[id] = p.layout(layout, k + "." + id);
    } else {
      p.error(k, "unknown key (format, encoding, line_end, unencodable, header, date, choices, separator, states, "
                 "file, templates, forms)");
    }
  }
  if (!file_set && prof.format == Format::kXlsx) prof.file = "{form}.xlsx";
  if (prof.format == Format::kXlsx && prof.encoding == Encoding::kCp932)
    p.error("encoding", "an .xlsx file is always UTF-8 inside; cp932 applies to csv only");
  if (p.failed()) return Status::InvalidInput(p.message());
  return prof;
}

Result<ExportProfile> load_profile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(path + ": profile file not found");
  LuaRuntimeOptions lua_options;  // no capabilities: a profile is data
  lua_options.max_instructions = 10'000'000;
  lua_options.max_memory_bytes = std::size_t{64} << 20;
  KF_ASSIGN_OR_RETURN(std::unique_ptr<LuaRuntime> runtime, LuaRuntime::create(std::move(lua_options)));
  KF_RETURN_IF_ERROR(runtime->run_file(path, 1));
  lua_State* L = runtime->state();
  if (!lua_istable(L, -1)) {
    std::string got = luaL_typename(L, -1);
    lua_pop(L, 1);
    return Status::InvalidInput(path + ": a profile file must return a table (got " + got + ")");
  }
  Result<json> table = lua_detail::lua_to_json(L, -1);
  lua_pop(L, 1);
  if (!table.ok()) return Status::InvalidInput(path + ": " + table.status().message());
  return parse_profile(*table, path);
}

}  // namespace kamiflow::exporting
