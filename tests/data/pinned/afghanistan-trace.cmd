run @SRC@/scenarios/afghanistan-2015/scenario.yaml --runs 1 --seed 2015 --trace --trace-csv trace.csv
