"""Random EUM tables and the reference trajectories of Velev's code on them.

Usage (Python 2.7, because the reference is Python 2 code):
    python2 make_velev_random.py PATH/TO/bdm_scholz_model.py

PATH is bdm_scholz_model.py of github.com/jmckib/bdm-scholz-expected-utility-model
(commit 55f63e9f2b9528119491d292efab8cfe7f91f78f), unmodified: this script imports it and
calls its BDMScholzModel exactly as run_model does (update_risk_aversions, then
update_positions, ten rounds), without run_model's printing. It writes
velev_random_tables.csv (the inputs) and velev_jmckib_random_10rounds.csv (one row per
table, round and actor; repr() keeps full double precision). Saliences are drawn on 0-100
and divided by 100 before the model sees them, as parley does.
"""
import csv
import imp
import os
import random
import sys

TABLES = 20
SEED = 20261201

ref = imp.load_source('bdm_scholz_model', sys.argv[1])
devnull = open(os.devnull, 'w')

rnd = random.Random(SEED)
with open('velev_random_tables.csv', 'w') as tf, open('velev_jmckib_random_10rounds.csv', 'w') as rf:
    tw = csv.writer(tf, lineterminator='\n')
    rw = csv.writer(rf, lineterminator='\n')
    tw.writerow(['table', 'actor', 'capability', 'position', 'salience'])
    rw.writerow(['table', 'round', 'median', 'mean', 'actor', 'position', 'risk'])
    for t in range(TABLES):
        n = rnd.randint(5, 12)
        rows = []
        for i in range(n):
            row = {'Actor': 'A%d' % i, 'Capability': str(rnd.randint(1, 100)),
                   'Position': str(rnd.randint(0, 100)), 'Salience': str(rnd.randint(10, 100))}
            tw.writerow([t, row['Actor'], row['Capability'], row['Position'], row['Salience']])
            row['Salience'] = repr(float(row['Salience']) / 100.0)
            rows.append(row)
        model = ref.BDMScholzModel(rows)

        def emit(k, with_risk):
            median, mean = repr(model.median_position()), repr(model.mean_position())
            for a in model.actors:
                rw.writerow([t, k, median, mean, a.name, repr(a.x), repr(a.r) if with_risk else ''])

        emit(0, False)
        for k in range(1, 11):
            model.update_risk_aversions()
            stdout, sys.stdout = sys.stdout, devnull  # update_positions prints every move
            model.update_positions()
            sys.stdout = stdout
            emit(k, True)
