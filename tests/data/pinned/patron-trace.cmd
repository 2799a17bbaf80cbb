run @SRC@/scenarios/patron/scenario.yaml --runs 1 --seed 7 --trace --trace-csv trace.csv
