run @SRC@/tests/data/scenarios/v1/patron/scenario.yaml --runs 200 --seed 3 --all-variants --threads 3 -q
