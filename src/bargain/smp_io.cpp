// SMP input: tables through the table loader, and KTAB's XML scenarios through a small
// XML reader that keeps the line and column of every element, so that each problem is
// reported where it is (KTAB's own reader asserts or prints an exception and carries on).
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "parley/bargain_smp_io.hpp"
#include "parley/csv.hpp"

namespace parley::bargain {

namespace {

// Checks one actor's numbers on KTAB's 0-100 scale and stores them on 0-1.
struct ActorCells {
  SourceLocation actor, capability;
  std::vector<SourceLocation> position, salience;
};

void check_actor(const std::string& name, double cap, const std::vector<double>& pos, const std::vector<double>& sal,
                 double sal_scale, const ActorCells& at, SmpScenario& sc, Diagnostics& diags) {
  if (!(cap > 0))
    diags.error(at.capability, fmt::format("capability of '{}' is {}: SMP needs a positive capability "
                                           "(KTAB's votes reject a non-positive weight)", name, cap));
  sc.capability.push_back(cap);
  double total = 0;
  for (std::size_t k = 0; k < pos.size(); ++k) {
    if (!(pos[k] >= 0 && pos[k] <= 100))
      diags.error(at.position[k], fmt::format("position {} of '{}' is outside 0-100, the scale SMP reads "
                                              "(KTAB divides positions by 100)", pos[k], name));
    if (!(sal[k] >= 0))
      diags.error(at.salience[k], fmt::format("salience {} of '{}' is negative", sal[k], name));
    sc.position.push_back(pos[k] / 100.0);
    sc.salience.push_back(sal[k] / sal_scale);
    total += sal[k] / sal_scale;
  }
  const SourceLocation& last = at.salience.empty() ? at.actor : at.salience.back();
  if (total > 1 + 1e-9)
    diags.error(last, fmt::format("the saliences of '{}' sum to {}: SMP needs at most {} (all of an actor's "
                                  "attention)", name, total * sal_scale, sal_scale == 1 ? "1" : "100"));
  if (!(total > 0))
    diags.error(last, fmt::format("every salience of '{}' is 0: SMP needs some salience on some dimension", name));
}

// ---- a small XML reader ------------------------------------------------------------

struct XmlNode {
  std::string name;
  std::string text;  // character data directly inside, trimmed
  int line = 0, column = 0;
  std::vector<XmlNode> children;
  const XmlNode* child(const std::string& n) const {
    for (const auto& c : children)
      if (c.name == n) return &c;
    return nullptr;
  }
};

class XmlReader {
 public:
  XmlReader(std::string text, std::string path, Diagnostics& diags)
      : s_(std::move(text)), path_(std::move(path)), diags_(diags) {}

  std::optional<XmlNode> document() {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) advance(3);  // UTF-8 byte-order mark
    skip_misc();
    if (pos_ >= s_.size() || s_[pos_] != '<') {
      fail("expected an XML element");
      return std::nullopt;
    }
    auto root = element();
    if (!root) return std::nullopt;
    skip_misc();
    if (pos_ < s_.size()) {
      fail("unexpected content after the root element");
      return std::nullopt;
    }
    return root;
  }

 private:
  std::string s_, path_;
  Diagnostics& diags_;
  std::size_t pos_ = 0;
  int line_ = 1, col_ = 1;

  void advance(std::size_t k = 1) {
    for (std::size_t i = 0; i < k && pos_ < s_.size(); ++i, ++pos_) {
      if (s_[pos_] == '\n') {
        ++line_;
        col_ = 1;
      } else if ((static_cast<unsigned char>(s_[pos_]) & 0xC0) != 0x80) {
        ++col_;  // count characters, not UTF-8 continuation bytes
      }
    }
  }
  bool starts(const char* t) const { return s_.compare(pos_, std::char_traits<char>::length(t), t) == 0; }
  void fail(const std::string& msg) { diags_.error({path_, line_, col_}, msg); }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) advance();
  }
  bool skip_until(const char* end) {
    const auto at = s_.find(end, pos_);
    if (at == std::string::npos) {
      fail(fmt::format("unterminated markup: no '{}' follows", end));
      return false;
    }
    advance(at - pos_ + std::char_traits<char>::length(end));
    return true;
  }
  // Declarations, comments and processing instructions between elements.
  bool skip_misc() {
    for (;;) {
      skip_space();
      if (starts("<?")) {
        if (!skip_until("?>")) return false;
      } else if (starts("<!--")) {
        if (!skip_until("-->")) return false;
      } else if (starts("<!")) {
        if (!skip_until(">")) return false;
      } else {
        return true;
      }
    }
  }
  std::string name() {
    std::string n;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                                s_[pos_] == '-' || s_[pos_] == ':' || s_[pos_] == '.')) {
      n += s_[pos_];
      advance();
    }
    return n;
  }
  std::string decode(const std::string& raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      static const std::pair<const char*, char> entities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (const auto& [e, c] : entities) {
        if (raw.compare(i, std::char_traits<char>::length(e), e) == 0) {
          out += c;
          i += std::char_traits<char>::length(e) - 1;
          done = true;
          break;
        }
      }
      if (!done) out += '&';
    }
    return out;
  }

  std::optional<XmlNode> element() {
    XmlNode node;
    node.line = line_;
    node.column = col_;
    advance();  // '<'
    node.name = name();
    if (node.name.empty()) {
      fail("expected an element name after '<'");
      return std::nullopt;
    }
    // attributes are read and ignored (only xmlns and schema hints appear in KTAB's files)
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) {
        fail(fmt::format("unterminated start tag <{}>", node.name));
        return std::nullopt;
      }
      if (starts("/>")) {
        advance(2);
        return node;
      }
      if (s_[pos_] == '>') {
        advance();
        break;
      }
      const std::string attr = name();
      skip_space();
      if (attr.empty() || pos_ >= s_.size() || s_[pos_] != '=') {
        fail(fmt::format("malformed attribute in <{}>", node.name));
        return std::nullopt;
      }
      advance();
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
        fail(fmt::format("attribute '{}' needs a quoted value", attr));
        return std::nullopt;
      }
      const char q = s_[pos_];
      advance();
      while (pos_ < s_.size() && s_[pos_] != q) advance();
      if (pos_ >= s_.size()) {
        fail(fmt::format("unterminated value of attribute '{}'", attr));
        return std::nullopt;
      }
      advance();
    }
    std::string text;
    for (;;) {
      if (pos_ >= s_.size()) {
        diags_.error({path_, node.line, node.column}, fmt::format("element <{}> is never closed", node.name));
        return std::nullopt;
      }
      if (starts("</")) {
        const int l = line_, c = col_;
        advance(2);
        const std::string closing = name();
        skip_space();
        if (closing != node.name || pos_ >= s_.size() || s_[pos_] != '>') {
          diags_.error({path_, l, c}, fmt::format("expected </{}> (opened on line {}), found </{}>", node.name,
                                                  node.line, closing));
          return std::nullopt;
        }
        advance();
        break;
      }
      if (starts("<!--")) {
        if (!skip_until("-->")) return std::nullopt;
      } else if (starts("<![CDATA[")) {
        advance(9);
        const auto at = s_.find("]]>", pos_);
        if (at == std::string::npos) {
          fail("unterminated CDATA section");
          return std::nullopt;
        }
        text += s_.substr(pos_, at - pos_);
        advance(at - pos_ + 3);
      } else if (starts("<?")) {
        if (!skip_until("?>")) return std::nullopt;
      } else if (s_[pos_] == '<') {
        auto child = element();
        if (!child) return std::nullopt;
        node.children.push_back(std::move(*child));
      } else {
        text += s_[pos_];
        advance();
      }
    }
    const auto b = text.find_first_not_of(" \t\r\n"), e = text.find_last_not_of(" \t\r\n");
    node.text = b == std::string::npos ? std::string() : decode(text.substr(b, e - b + 1));
    return node;
  }
};

// ---- KTAB's scenario elements --------------------------------------------------------

class ScenarioReader {
 public:
  ScenarioReader(const std::string& path, Diagnostics& d) : path_(path), d_(d) {}

  SourceLocation at(const XmlNode& n) const { return {path_, n.line, n.column}; }

  const XmlNode* need(const XmlNode& parent, const std::string& name, const std::string& why = "") {
    const XmlNode* c = parent.child(name);
    if (!c) d_.error(at(parent), fmt::format("<{}> has no <{}>{}", parent.name, name, why));
    return c;
  }

  std::optional<double> number(const XmlNode& n, const std::string& what) {
    if (n.text.empty()) {
      d_.error(at(n), fmt::format("empty <{}>: expected {}", n.name, what));
      return std::nullopt;
    }
    auto v = parse_number(n.text);
    if (!v) d_.error(at(n), fmt::format("<{}> is not a number: found '{}'", n.name, n.text));
    return v;
  }

  std::optional<SmpInput> read(const XmlNode& root) {
    SmpInput in;
    in.path = path_;
    in.format = "KTAB scenario XML";
    if (root.name != "Scenario") {
      d_.error(at(root), fmt::format("the root element is <{}>: a KTAB SMP scenario starts with <Scenario>", root.name));
      return std::nullopt;
    }
    if (const XmlNode* seed = root.child("prngSeed")) {
      std::uint64_t v = 0;
      std::istringstream is(seed->text);
      if (!(is >> v)) d_.error(at(*seed), fmt::format("<prngSeed> is not an unsigned integer: found '{}'", seed->text));
      else in.options.seed = v;
    }
    if (const XmlNode* mp = root.child("ModelParameters")) {
      in.has_parameters = true;
      static const char* keys[] = {"VictoryProbModel", "PCEModel",        "StateTransitions",
                                   "VotingRule",       "BigRAdjust",      "BigRRange",
                                   "ThirdPartyCommit", "InterVecBrgn",    "BargnModel"};
      for (const char* key : keys) {
        const XmlNode* e = need(*mp, key, " (KTAB's xmlRead requires all nine parameters)");
        if (!e) continue;
        const std::string err = apply_smp_option(in.options, std::string(key) + "=" + e->text);
        if (!err.empty()) d_.error(at(*e), err);
      }
    }
    if (const XmlNode* dims = need(root, "Dimensions")) {
      for (const auto& c : dims->children)
        if (c.name == "dName") in.dims.push_back(c.text);
      if (in.dims.empty()) d_.error(at(*dims), "<Dimensions> lists no <dName>: SMP needs at least one dimension");
    }
    const XmlNode* actors = need(root, "Actors");
    std::map<std::string, std::size_t> index;
    if (actors) {
      for (const auto& a : actors->children) {
        if (a.name != "Actor") continue;
        read_actor(a, in, index);
      }
      if (in.actors.size() < 2) d_.error(at(*actors), "<Actors> lists fewer than 2 <Actor>: SMP needs at least 2");
    }
    const std::size_t n = in.actors.size();
    in.scenario.actors = n;
    in.scenario.dims = in.dims.size();
    const XmlNode* ia = root.child("IdealAdjustment");
    if (!ia) {
      d_.warning(at(root), "no <IdealAdjustment>: KTAB's xmlRead (lsyaseen/KTAB c57b72a) rejects such a file; "
                           "parley uses the identity matrix (ideals follow positions), KTAB's default");
    } else if (n > 0) {
      in.scenario.accommodation.assign(n * n, 0.0);
      for (std::size_t i = 0; i < n; ++i) in.scenario.accommodation[i * n + i] = 1.0;
      for (const auto& pair : ia->children) {
        if (pair.name != "iaPair") continue;
        const XmlNode* adj = need(pair, "adjustingIdeal");
        const XmlNode* ref = need(pair, "referencePos");
        const XmlNode* val = need(pair, "adjust");
        if (!adj || !ref || !val) continue;
        auto ai = index.find(adj->text), ri = index.find(ref->text);
        if (ai == index.end()) d_.error(at(*adj), fmt::format("no actor named '{}'", adj->text));
        if (ri == index.end()) d_.error(at(*ref), fmt::format("no actor named '{}'", ref->text));
        auto v = number(*val, "a number in [0, 1]");
        if (v && !(*v >= 0 && *v <= 1)) d_.error(at(*val), fmt::format("<adjust> {} is outside [0, 1]", *v));
        if (ai != index.end() && ri != index.end() && v) in.scenario.accommodation[ai->second * n + ri->second] = *v;
      }
      for (std::size_t i = 0; i < n; ++i) {
        double sum = 0;
        for (std::size_t j = 0; j < n; ++j) sum += in.scenario.accommodation[i * n + j];
        if (sum > 1 + 1e-10)
          d_.error(at(*ia), fmt::format("the adjustments of '{}' sum to {}: at most 1 (its own entry is 1 unless "
                                        "an iaPair sets it)", in.actors[i], sum));
      }
    }
    if (d_.has_errors()) return std::nullopt;
    return in;
  }

 private:
  std::string path_;
  Diagnostics& d_;

  void read_actor(const XmlNode& a, SmpInput& in, std::map<std::string, std::size_t>& index) {
    const XmlNode* name = need(a, "name");
    const XmlNode* cap = need(a, "capability");
    const XmlNode* pos = need(a, "Position");
    const XmlNode* sal = need(a, "Salience");
    const std::string nm = name ? name->text : fmt::format("actor {}", in.actors.size() + 1);
    if (name && nm.empty()) d_.error(at(*name), "empty actor <name>");
    if (name && !nm.empty() && !index.emplace(nm, in.actors.size()).second)
      d_.error(at(*name), fmt::format("duplicate actor '{}'", nm));
    in.actors.push_back(nm);
    ActorCells cells;
    cells.actor = at(a);
    cells.capability = cap ? at(*cap) : at(a);
    double c = 0;
    if (cap)
      if (auto v = number(*cap, "a positive number")) c = *v;
    std::vector<double> xs, ss;
    auto coords = [&](const XmlNode* parent, const char* tag, std::vector<double>& out,
                      std::vector<SourceLocation>& where) {
      if (!parent) return;
      for (const auto& e : parent->children) {
        if (e.name != tag) continue;
        out.push_back(number(e, "a number on 0-100").value_or(0));
        where.push_back(at(e));
      }
      if (out.size() != in.dims.size())
        d_.error(at(*parent), fmt::format("<{}> of '{}' has {} <{}>, but <Dimensions> names {}", parent->name, nm,
                                          out.size(), tag, in.dims.size()));
    };
    coords(pos, "dCoord", xs, cells.position);
    coords(sal, "dSal", ss, cells.salience);
    xs.resize(in.dims.size(), 0.0);
    ss.resize(in.dims.size(), 0.0);
    cells.position.resize(in.dims.size(), at(a));
    cells.salience.resize(in.dims.size(), at(a));
    check_actor(nm, c, xs, ss, 100.0, cells, in.scenario, d_);
  }
};

}  // namespace

std::optional<SmpInput> smp_from_table(const ActorTable& t, Diagnostics& diags) {
  SmpInput in;
  in.path = t.path;
  in.format = t.format == TableFormat::ktab ? "KTAB scenario CSV" : "table";
  in.actors = t.actors;
  for (const auto& issue : t.issues) in.dims.push_back(issue.name);
  const std::size_t before = diags.error_count();
  if (t.actors.size() < 2)
    diags.error(t.actor_at.empty() ? SourceLocation{t.path, 1, 1} : t.actor_at[0], "SMP needs at least 2 actors");
  for (std::size_t i = 0; i < t.actors.size(); ++i) {
    ActorCells cells;
    cells.actor = t.actor_at[i];
    cells.capability = t.capability_at[i];
    std::vector<double> xs, ss;
    for (const auto& issue : t.issues) {
      xs.push_back(issue.positions[i]);
      ss.push_back(issue.saliences[i]);
      cells.position.push_back(issue.position_at[i]);
      cells.salience.push_back(issue.salience_at[i]);
    }
    check_actor(t.actors[i], t.capabilities[i], xs, ss, 1.0, cells, in.scenario, diags);
  }
  in.scenario.actors = t.actors.size();
  in.scenario.dims = t.issues.size();
  if (diags.error_count() != before) return std::nullopt;
  return in;
}

std::optional<SmpInput> load_smp_xml(const std::string& path, Diagnostics& diags) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    diags.error({path, 0, 0}, "cannot open the file");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  XmlReader reader(ss.str(), path, diags);
  auto root = reader.document();
  if (!root) return std::nullopt;
  ScenarioReader sr(path, diags);
  return sr.read(*root);
}

std::optional<SmpInput> load_smp(const std::string& path, SalienceScale scale, Diagnostics& diags) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    diags.error({path, 0, 0}, "cannot open the file");
    return std::nullopt;
  }
  std::string head(64, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(f.gcount()));
  std::size_t i = head.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  if (i < head.size() && head[i] == '<') return load_smp_xml(path, diags);
  auto t = load_table(path, scale, diags);
  if (!t) return std::nullopt;
  return smp_from_table(*t, diags);
}

}  // namespace parley::bargain
