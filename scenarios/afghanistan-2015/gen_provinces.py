"""Writes provinces.csv from data/afg_province_population.csv and the analyst's
assumption tables below (terrain, Taliban control share, force weights).
Every number in the tables is an assumption; see sources.csv for the reasons."""
import csv, os
here = os.path.dirname(os.path.abspath(__file__))
pop = {r["iso3166_2"]: (r["province"], int(r["cso_1392_settled_pop"]))
       for r in csv.DictReader(open(os.path.join(here, "data/afg_province_population.csv"), encoding="utf-8-sig"))}
# iso: (terrain d_r, Taliban control share theta, ANSF weight, US troops)
T = {
 "AF-BDN": (0.8, 0.12, 0.8, 0),    "AF-BDG": (0.6, 0.30, 0.8, 0),
 "AF-BGL": (0.5, 0.20, 1.0, 0),    "AF-BAL": (0.3, 0.06, 1.0, 800),
 "AF-BAM": (0.8, 0.02, 0.5, 0),    "AF-DAY": (0.8, 0.10, 0.5, 0),
 "AF-FRA": (0.4, 0.35, 1.0, 0),    "AF-FYB": (0.5, 0.25, 1.0, 0),
 "AF-GHA": (0.5, 0.40, 1.3, 0),    "AF-GHO": (0.8, 0.20, 0.6, 0),
 "AF-HEL": (0.4, 0.45, 1.8, 500),  "AF-HER": (0.3, 0.08, 1.0, 500),
 "AF-JOW": (0.3, 0.15, 0.8, 0),    "AF-KAB": (0.3, 0.03, 1.0, 5000),
 "AF-KAN": (0.4, 0.25, 1.6, 1500), "AF-KAP": (0.6, 0.20, 1.0, 0),
 "AF-KHO": (0.6, 0.20, 1.2, 300),  "AF-KNR": (0.8, 0.35, 1.3, 0),
 "AF-KDZ": (0.3, 0.30, 1.0, 0),    "AF-LAG": (0.6, 0.25, 1.0, 0),
 "AF-LOG": (0.5, 0.35, 1.2, 0),    "AF-NAN": (0.6, 0.20, 1.2, 700),
 "AF-NIM": (0.2, 0.20, 0.8, 0),    "AF-NUR": (0.9, 0.40, 0.8, 0),
 "AF-PIA": (0.6, 0.30, 1.2, 0),    "AF-PKA": (0.6, 0.45, 1.2, 0),
 "AF-PAN": (0.9, 0.00, 0.5, 0),    "AF-PAR": (0.5, 0.07, 1.0, 500),
 "AF-SAM": (0.5, 0.10, 0.8, 0),    "AF-SAR": (0.6, 0.25, 0.8, 0),
 "AF-TAK": (0.5, 0.10, 0.8, 0),    "AF-URU": (0.7, 0.45, 1.3, 0),
 "AF-WAR": (0.6, 0.40, 1.2, 0),    "AF-ZAB": (0.6, 0.50, 1.3, 0),
}
ANSF, TALIBAN = 330000, 25000
assert len(T) == 34 and set(T) == set(pop)
gw = {k: pop[k][1] * T[k][2] for k in T}
tw = {k: pop[k][1] * (T[k][1] * (1 - T[k][1]) + 0.01) for k in T}  # contested population
rows = []
for k in sorted(T, key=lambda k: pop[k][0]):
    name, p = pop[k]; d, th, _, us = T[k]
    rid = name.lower().replace(" ", "_").replace("-", "_")
    rows.append([rid, name, p, d, round(1 - th, 4), th,
                 round(ANSF * gw[k] / sum(gw.values())), round(TALIBAN * tw[k] / sum(tw.values())), us])
with open(os.path.join(here, "provinces.csv"), "w") as f:
    f.write("# The 34 provinces of Afghanistan as an analyst could have seen them in May 2015.\n")
    f.write("# population: CSO settled population 1392 (2013-14), data/afg_province_population.csv.\n")
    f.write("# terrain, control, forces: assumptions, written by gen_provinces.py; reasons in sources.csv.\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "population", "terrain", "control:government", "control:taliban",
                "forces:ansf", "forces:taliban", "forces:usa"])
    w.writerows(rows)
tot = sum(pop[k][1] for k in T)
print("population", tot, "taliban share", sum(pop[k][1] * T[k][1] for k in T) / tot)
