// Timing, terms and first-year deaths per variant of the flagship scenario: what
// `parley run --all-variants` does not print (first formal talks, agreement and peace within
// five years, medians, the first twelve months' battle deaths). Runs 0..N-1 of seed 1.
// Build (after the release build):
//   g++ -std=c++20 -O2 -Iinclude -o /tmp/variant_stats
//     scenarios/afghanistan-2015/analysis/variant_stats.cpp build/release/src/libparley.a -lfmt -lyaml-cpp
//   /tmp/variant_stats scenarios/afghanistan-2015/scenario.yaml 2000
// Columns: share of runs with formal talks / an agreement / peace / a military victory over
// the 120 months; the same within 60 months (f5y, a5y, p5y) and formal talks within 12
// months; median month (from May 2015) of first formal talks, first agreement, peace among
// the runs that reach them; mean, 5th and 95th percentile of battle deaths in the first 12
// months; mean Taliban share of the population at the end; mean terms of the last agreement
// (power, troops, constitution); agreements collapsed per run.
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
using namespace parley;
static double pct(std::vector<double> v, double q){ if(v.empty()) return -1; std::sort(v.begin(),v.end()); return v[std::min(v.size()-1,(size_t)(q*v.size()))]; }
int main(int argc, char** argv){
  ScenarioSet set = load_scenario_or_throw(argv[1]);
  int runs = argc>2? atoi(argv[2]):2000;
  std::vector<const Scenario*> all{&set.base}; for(auto& v: set.variants) all.push_back(&v);
  printf("%-20s %6s %6s %6s %6s | %6s %6s %6s %6s | %7s %7s %7s | yr1 mean p5 p95 | share_tal_end\n","variant","formal","agr","peace","vict","f5y","a5y","p5y","F<=12","medF","medA","medP");
  for(auto* s: all){
    int nf=0,na=0,np=0,nv=0,f5=0,a5=0,p5=0,f12=0; std::vector<double> tf,ta,tp,y1; double tal=0; double tm[3]={0,0,0}; int nt=0; int col=0;
    for(int n=0;n<runs;++n){ RunResult r=simulate_run(*s,{1,(std::uint64_t)n,nullptr});
      if(r.first_formal>=0){nf++; tf.push_back(r.first_formal); if(r.first_formal<60)f5++; if(r.first_formal<12)f12++;}
      if(r.first_agreement>=0){na++; ta.push_back(r.first_agreement); if(r.first_agreement<60)a5++;}
      if(r.outcome==RunOutcome::peace){np++; tp.push_back(r.peace_month); if(r.peace_month<60)p5++;}
      if(r.outcome==RunOutcome::victory)nv++; col+=r.collapses; if(!r.terms.empty()){nt++; for(int k=0;k<3;k++)tm[k]+=r.terms[k];}
      y1.push_back(r.deaths_by_year.empty()?0:r.deaths_by_year[0]);
      tal+= r.final_share.size()>1? r.final_share[1]:0; }
    double m=0; for(double x:y1)m+=x; m/=runs;
    printf("%-20s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f %6.3f | %7.0f %7.0f %7.0f | %6.0f %6.0f %6.0f | %.3f | terms %.0f %.0f %.0f coll/run %.2f\n", s->variant.empty()?"base":s->variant.c_str(),
      nf/(double)runs,na/(double)runs,np/(double)runs,nv/(double)runs,f5/(double)runs,a5/(double)runs,p5/(double)runs,f12/(double)runs,pct(tf,0.5),pct(ta,0.5),pct(tp,0.5),m,pct(y1,0.05),pct(y1,0.95),tal/runs, nt?tm[0]/nt:-1, nt?tm[1]/nt:-1, nt?tm[2]/nt:-1, col/(double)runs);
  }
}
