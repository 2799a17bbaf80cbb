-- The results table of README.md, "Results": per variant, shares at the horizon, events after the origin (month 40), deaths from the origin.
SELECT variant,
 printf('%.1f%%', 100.0*avg(outcome='peace')),
 printf('%.1f%%', 100.0*avg(outcome='agreement')),
 printf('%.1f%%', 100.0*avg(outcome='war')),
 printf('%.1f%%', 100.0*avg(outcome='victory' AND victor='government')),
 printf('%.1f%%', 100.0*avg(outcome='victory' AND victor='taliban')),
 printf('%.1f%%', 100.0*avg(outcome='victory' AND months_simulated>40 AND victor='taliban')),
 printf('%.1f%%', 100.0*avg(first_agreement IS NOT NULL AND first_agreement>=40)),
 printf('%.1f%%', 100.0*avg(first_formal IS NOT NULL AND first_formal>=40 AND first_formal<52)),
 printf('%.1f%%', 100.0*avg(first_exit_deal IS NOT NULL AND first_exit_deal>=40)),
 printf('%.1f%%', 100.0*avg(months_simulated<=40)),
 printf('%d', CAST(avg(battle_deaths-history_deaths) AS INT))
FROM runs JOIN variants USING (variant) GROUP BY variant ORDER BY variants.position;
