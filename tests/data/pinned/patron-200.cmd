run @SRC@/scenarios/patron/scenario.yaml --runs 200 --seed 3 --all-variants --threads 3 -q
