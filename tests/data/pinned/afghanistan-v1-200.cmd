run @SRC@/tests/data/scenarios/v1/afghanistan-2015/scenario.yaml --runs 200 --seed 2015 --all-variants --threads 2 -q
