run @SRC@/scenarios/afghanistan-2015/scenario.yaml --runs 200 --seed 2015 --all-variants --threads 2 -q
