run @SRC@/tests/data/scenarios/v1/two-party/scenario.yaml --runs 200 --seed 7 --threads 2 -q
