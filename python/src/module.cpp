// parley._parley: the C++ half of the Python module, over the public library (include/parley/) only.
// The Python half (python/parley/__init__.py) turns what these functions return into objects
// and pandas frames.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "parley/analysis.hpp"
#include "parley/bargain_table.hpp"
#include "parley/csv.hpp"
#include "parley/experiment.hpp"
#include "parley/parameters.hpp"
#include "parley/results_reader.hpp"
#include "parley/results_store.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/version.hpp"

namespace py = pybind11;

namespace {

// A loaded scenario file, with the overrides it was loaded with (shared, immutable).
struct Loaded {
  std::string path;
  std::string overrides;
  std::shared_ptr<const parley::ScenarioSet> set;
  std::vector<parley::SourceFile> files;  // what the loader read (the overrides among them)
};

const char* severity_name(parley::Severity s) {
  switch (s) {
    case parley::Severity::error: return "error";
    case parley::Severity::warning: return "warning";
    case parley::Severity::note: return "note";
  }
  return "error";
}

py::list diagnostics_list(const parley::Diagnostics& diags) {
  py::list out;
  for (const auto& d : diags.items())
    out.append(py::make_tuple(d.where.path, d.where.line, d.where.column, severity_name(d.severity), d.message,
                              d.str()));
  return out;
}

// (Loaded or None, diagnostics): the Python side raises ScenarioError when it is None.
py::tuple load(const std::string& path, const std::string& overrides) {
  parley::LoadResult r = parley::load_scenario_file(path, overrides);
  py::list diags = diagnostics_list(r.diagnostics);
  if (!r.scenarios) return py::make_tuple(py::none(), diags);
  Loaded loaded{path, overrides, std::make_shared<const parley::ScenarioSet>(std::move(*r.scenarios)), r.files};
  return py::make_tuple(py::cast(std::move(loaded)), diags);
}

std::string variant_name(const parley::Scenario& s) { return s.variant.empty() ? "base" : s.variant; }

const parley::Scenario& find_variant(const Loaded& l, const std::string& name) {
  const parley::Scenario* s = name == "base" ? &l.set->base : l.set->find(name);
  if (!s) {
    std::string known = "base";
    for (const auto& v : l.set->variants) known += ", " + v.variant;
    throw py::value_error(l.path + " has no variant '" + name + "' (known: " + known + ")");
  }
  return *s;
}

std::string month_text(parley::YearMonth m) {
  return std::to_string(m.year) + "-" + (m.month < 10 ? "0" : "") + std::to_string(m.month);
}

// One variant as plain Python data: lists of records and a parameter mapping.
py::dict describe(const Loaded& l, const std::string& name) {
  const parley::Scenario& s = find_variant(l, name);
  py::dict d;
  d["name"] = s.name;
  d["description"] = s.description;
  d["variant"] = variant_name(s);
  d["variant_description"] = s.variant_description;
  d["start"] = month_text(s.start);
  d["months"] = s.months;
  py::list issues, camps, actors, regions;
  for (const auto& i : s.issues)
    issues.append(py::dict(py::arg("issue") = i.id, py::arg("label") = i.label, py::arg("low") = i.low,
                           py::arg("high") = i.high, py::arg("status_quo") = i.status_quo));
  for (const auto& c : s.camps) camps.append(py::dict(py::arg("camp") = c.id, py::arg("name") = c.name));
  for (const auto& a : s.actors) {
    py::dict row(py::arg("actor") = a.id, py::arg("name") = a.name, py::arg("role") = parley::to_string(a.role),
                 py::arg("camp") = a.camp >= 0 ? py::cast(s.camps[static_cast<std::size_t>(a.camp)].id) : py::none(),
                 py::arg("veto") = a.veto);
    for (const auto& f : parley::actor_field_specs()) row[f.name] = a.*(f.member);
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
      row[("position:" + s.issues[k].id).c_str()] = a.positions[k];
      row[("salience:" + s.issues[k].id).c_str()] = a.salience[k];
    }
    actors.append(row);
  }
  for (const auto& r : s.regions)
    regions.append(py::dict(py::arg("region") = r.id, py::arg("name") = r.name, py::arg("population") = r.population,
                            py::arg("terrain") = r.terrain));
  d["issues"] = issues;
  d["camps"] = camps;
  d["actors"] = actors;
  d["regions"] = regions;
  py::dict parameters;
  for (const auto& p : parley::parameter_specs()) parameters[p.name] = s.parameters.*(p.member);
  d["parameters"] = parameters;
  return d;
}

py::list variant_names(const Loaded& l) {
  py::list out;
  out.append("base");
  for (const auto& v : l.set->variants) out.append(v.variant);
  return out;
}

// Runs an experiment into a new results database at `out`, as `parley run --out` does: runs
// in the fixed order, committed about once a second with the aggregate state, the aggregate
// tables at the end. The GIL is released while simulating; about 5 times a second the calling
// thread takes it back to let Python handle signals (Ctrl-C stops the runs, commits what is
// done, and raises KeyboardInterrupt) and to call progress(done, total).
py::dict run(const Loaded& l, const std::vector<std::string>& names, std::uint64_t runs, std::uint64_t seed,
             unsigned threads, const std::string& out, const std::string& command_line, py::object progress) {
  std::vector<const parley::Scenario*> variants;
  for (const auto& n : names) variants.push_back(&find_variant(l, n));
  if (variants.empty()) throw py::value_error("no variants to run");
  parley::ExperimentInfo info;
  info.scenario_path = l.path;
  info.scenario_name = l.set->base.name;
  info.scenario_description = l.set->base.description;
  // What-if overrides are among the files (role `overrides`): part of what the runs were made
  // from, so `--resume` from the command line, which cannot repeat them, refuses the database.
  info.files = l.files;
  for (const auto* s : variants) info.variants.push_back(variant_name(*s));
  info.seed = seed;
  info.runs = runs;
  info.parley_version = parley::kVersion;
  info.command_line = command_line;
  info.started_at = parley::utc_now();
  std::unique_ptr<parley::ResultsStore> store = parley::ResultsStore::create(out, info, variants);

  std::vector<parley::VariantAggregate> aggregates;
  for (const auto* s : variants) aggregates.emplace_back(*s);
  auto states = [&] {
    std::vector<std::string> v;
    for (const auto& a : aggregates) v.push_back(a.save());
    return v;
  };
  parley::ExperimentPlan plan;
  plan.variants = variants;
  plan.seed = seed;
  plan.runs = runs;
  plan.threads = threads;
  std::atomic<bool> stop{false};
  std::optional<py::error_already_set> python_error;
  auto last_commit = std::chrono::steady_clock::now();
  parley::ExperimentHooks hooks;
  hooks.sink = [&](parley::RunRecord&& rec) {
    aggregates[rec.variant].add(rec.result, rec.months);
    store->add_run(info.variants[rec.variant], *variants[rec.variant], rec.result);
    if (std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(1)) {
      store->checkpoint(rec.item + 1, states());
      last_commit = std::chrono::steady_clock::now();
    }
  };
  hooks.tick = [&](std::uint64_t done) {
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none()) progress(done, plan.items());
    } catch (py::error_already_set& e) {
      python_error.emplace(std::move(e));
      stop = true;
    }
  };
  hooks.stop = &stop;
  std::uint64_t done = 0;
  {
    py::gil_scoped_release nogil;
    done = parley::run_experiment(plan, hooks);
    if (done < plan.items()) store->stop(done, states());
    else store->finish(done, variants, aggregates);
    store.reset();
  }
  if (python_error) throw std::move(*python_error);
  if (!progress.is_none()) progress(done, plan.items());
  return py::dict(py::arg("done") = done, py::arg("items") = plan.items());
}

// Refuses a file that is not a parley results database, with the reader's message (the one
// public reader of results: application id, schema version, stored dimensions).
py::dict check_database(const std::string& path) {
  const parley::ResultsReader reader(path);
  const auto& i = reader.info();
  return py::dict(py::arg("complete") = i.complete, py::arg("items_done") = i.items_done,
                  py::arg("runs") = i.runs, py::arg("variants") = i.variants);
}

namespace bg = parley::bargain;

bg::Model model_from(const std::string& name) {
  if (name == "compromise") return bg::Model::compromise;
  if (name == "median") return bg::Model::median;
  if (name == "nash") return bg::Model::nash;
  if (name == "eum") return bg::Model::eum;
  throw py::value_error("unknown model '" + name + "' (expected compromise, median, nash or eum)");
}

// The same options as `parley bargain` (docs/bargaining.md), checked the same way.
bg::ForecastOptions forecast_options(const py::dict& o) {
  bg::ForecastOptions f;
  f.model = model_from(o["model"].cast<std::string>());
  const std::string preset_name = o["preset"].cast<std::string>();
  auto preset = bg::parse_preset(preset_name);
  if (!preset) throw py::value_error("unknown preset '" + preset_name + "' (expected scholz or velev)");
  f.eum = bg::preset_options(*preset);
  for (const auto& a : o["eum_options"].cast<std::vector<std::string>>())
    if (std::string err = bg::apply_option(f.eum, a); !err.empty()) throw py::value_error(err);
  if (!o["q"].is_none()) f.eum.q = o["q"].cast<double>();
  const int rounds = o["rounds"].is_none() ? -1 : o["rounds"].cast<int>();
  if (rounds == 0 || rounds < -1) throw py::value_error("rounds must be at least 1");
  if (!o["tolerance"].is_none()) {
    f.eum.stop = bg::StopRule::converge;
    f.eum.tolerance = o["tolerance"].cast<double>();
    f.eum.stable_rounds = o["stable_rounds"].cast<int>();
    f.eum.max_rounds = rounds > 0 ? rounds : 100;
  } else if (rounds > 0) {
    f.eum.max_rounds = rounds;
  }
  const std::string loss = o["loss"].cast<std::string>();
  if (loss != "linear" && loss != "quadratic") throw py::value_error("loss must be linear or quadratic");
  f.loss = loss == "quadratic" ? bg::Loss::quadratic : bg::Loss::linear;
  if (!o["status_quo"].is_none()) f.status_quo = o["status_quo"].cast<double>();
  if (!o["span"].is_none()) f.span = o["span"].cast<double>();
  f.joint = o["joint"].cast<bool>();
  if (f.joint && f.model != bg::Model::nash) throw py::value_error("joint applies to model='nash' only");
  if (f.joint && f.loss != bg::Loss::linear) throw py::value_error("joint supports loss='linear' only");
  return f;
}

// (forecast or None, diagnostics). `table` is a path, or CSV text when `is_text`.
py::tuple bargain(const std::string& table, bool is_text, const std::string& name, const py::dict& options) {
  const std::string scale_name = options["salience_scale"].cast<std::string>();
  bg::SalienceScale scale = bg::SalienceScale::automatic;
  if (scale_name == "unit") scale = bg::SalienceScale::unit;
  else if (scale_name == "percent") scale = bg::SalienceScale::percent;
  else if (scale_name != "auto") throw py::value_error("salience_scale must be auto, unit or percent");
  const bg::ForecastOptions f = forecast_options(options);
  parley::Diagnostics diags;
  std::optional<bg::ActorTable> t;
  if (is_text) {
    parley::CsvTable csv = parley::parse_csv(table, name, diags);
    if (!diags.has_errors()) t = bg::parse_table(csv, scale, diags);
  } else {
    t = bg::load_table(table, scale, diags);
  }
  if (!t || diags.has_errors()) return py::make_tuple(py::none(), diagnostics_list(diags));
  const bg::Forecast result = bg::forecast(*t, f);
  py::list issues;
  for (const auto& i : result.issues) {
    py::list rounds;
    for (const auto& r : i.rounds)
      rounds.append(py::dict(py::arg("round") = r.round, py::arg("median") = r.median, py::arg("mean") = r.mean,
                             py::arg("positions") = r.positions));
    issues.append(py::dict(py::arg("issue") = i.name, py::arg("forecast") = i.forecast,
                           py::arg("status") = std::string(bg::to_string(i.status)),
                           py::arg("converged") = i.converged, py::arg("rounds") = rounds));
  }
  py::dict out(py::arg("model") = std::string(bg::to_string(result.model)), py::arg("actors") = t->actors,
               py::arg("issues") = issues, py::arg("salience_note") = t->salience_note,
               py::arg("eum_options") = bg::describe(f.eum));
  return py::make_tuple(out, diagnostics_list(diags));
}

py::list parameter_names() {
  py::list out;
  for (const auto& p : parley::parameter_specs()) out.append(p.name);
  return out;
}

}  // namespace

PYBIND11_MODULE(_parley, m) {
  m.doc() = "parley's library, for the parley Python package (use `import parley`)";
  py::register_exception<parley::StoreError>(m, "StoreError", PyExc_OSError);
  py::class_<Loaded>(m, "Loaded")
      .def_readonly("path", &Loaded::path)
      .def_readonly("overrides", &Loaded::overrides);
  m.def("load", &load, py::arg("path"), py::arg("overrides") = "");
  m.def("describe", &describe);
  m.def("variant_names", &variant_names);
  m.def("run", &run, py::arg("loaded"), py::arg("variants"), py::arg("runs"), py::arg("seed"), py::arg("threads"),
        py::arg("out"), py::arg("command_line"), py::arg("progress"));
  m.def("check_database", &check_database);
  m.def("bargain", &bargain);
  m.def("parameter_names", &parameter_names);
  m.def("resolve_threads", &parley::resolve_threads);
  m.attr("version") = parley::kVersion;
}
