// The world state's accessors (src/sim/detail/grid.hpp): row-major layout by hand, and the
// index checks that debug and sanitizer builds carry.
#include <gtest/gtest.h>

#include <vector>

#include "sim/detail/grid.hpp"

namespace {

using parley::sim::Grid;
using parley::sim::Vec;

TEST(Grid, RowMajorLikeTheResultsTables) {
  Grid<double> control;
  control.push_row(std::vector<double>{0.8, 0.2});  // region 0: camp 0, camp 1
  control.push_row(std::vector<double>{0.3, 0.7});  // region 1
  control.push_row(std::vector<double>{0.5, 0.5});  // region 2
  EXPECT_EQ(control.rows(), 3);
  EXPECT_EQ(control.cols(), 2);
  EXPECT_EQ(control(1, 1), 0.7);
  EXPECT_EQ(control(2, 0), 0.5);
  control(0, 1) = 0.25;
  // region-major [r * camps + c], as RunResult::final_control and the region_control table
  EXPECT_EQ(control.values(), (std::vector<double>{0.8, 0.25, 0.3, 0.7, 0.5, 0.5}));
  EXPECT_EQ(control.row(1)[0], 0.3);
  Grid<int> g(2, 3, 7);
  EXPECT_EQ(g.values().size(), 6u);
  EXPECT_EQ(g(1, 2), 7);
}

TEST(Vec, IndexedByInt) {
  Vec<double> v;
  v.assign(3, 1.5);
  v[2] = 4;
  EXPECT_EQ(v.size(), 3);
  EXPECT_EQ(v.values(), (std::vector<double>{1.5, 1.5, 4}));
  v.fill(0);
  EXPECT_EQ(v[2], 0);
}

#if !defined(NDEBUG) || defined(PARLEY_CHECK_BOUNDS)
TEST(GridDeathTest, OutOfBoundsAbortsInCheckedBuilds) {
  Grid<double> g(2, 3, 0.0);
  EXPECT_DEATH(g(2, 0), "index out of bounds");
  EXPECT_DEATH(g(0, 3), "index out of bounds");
  EXPECT_DEATH(g(-1, 0), "index out of bounds");
  Vec<int> v;
  v.assign(2, 0);
  EXPECT_DEATH(v[2], "index out of bounds");
  EXPECT_DEATH(v[-1], "index out of bounds");
}
#else
TEST(GridDeathTest, OutOfBoundsAbortsInCheckedBuilds) {
  GTEST_SKIP() << "index checks are compiled in debug, asan and fuzz builds only (PARLEY_CHECK_BOUNDS)";
}
#endif

}  // namespace
