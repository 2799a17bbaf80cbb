run @SRC@/scenarios/two-party/scenario.yaml --runs 1 --seed 7 --trace --trace-csv trace.csv
