// Dense int-indexed storage for the world state: Vec<T> (one value per actor, camp, region,
// ...) and Grid<T> (row x column, e.g. (region, camp) -> control), so that stages index with
// the model's int ids and never write a stride or a cast. Indices are checked in debug and
// sanitizer builds (PARLEY_CHECK_BOUNDS) and cost nothing in the optimised one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iterator>
#include <span>
#include <vector>

#if !defined(NDEBUG) || defined(PARLEY_CHECK_BOUNDS)
#define PARLEY_BOUNDS_ASSERT(cond, what)                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "%s:%d: index out of bounds: %s\n", __FILE__, __LINE__, what);     \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)
#else
#define PARLEY_BOUNDS_ASSERT(cond, what) ((void)0)
#endif

namespace parley::sim {

// An int id as a std::size_t index, checked to be non-negative in checked builds.
inline std::size_t idx(int i) {
  PARLEY_BOUNDS_ASSERT(i >= 0, "negative id");
  return static_cast<std::size_t>(i);
}

// One value per id (actor, camp, region, issue, relation), indexed by int.
template <class T>
class Vec {
 public:
  Vec() = default;
  Vec(std::initializer_list<T> values) : data_(values) {}
  explicit Vec(std::vector<T> values) : data_(std::move(values)) {}
  Vec& operator=(std::initializer_list<T> values) {
    data_ = values;
    return *this;
  }

  T& operator[](int i) {
    PARLEY_BOUNDS_ASSERT(i >= 0 && static_cast<std::size_t>(i) < data_.size(), "Vec");
    return data_[static_cast<std::size_t>(i)];
  }
  const T& operator[](int i) const {
    PARLEY_BOUNDS_ASSERT(i >= 0 && static_cast<std::size_t>(i) < data_.size(), "Vec");
    return data_[static_cast<std::size_t>(i)];
  }

  void assign(int n, const T& value) { data_.assign(idx(n), value); }
  void push_back(const T& value) { data_.push_back(value); }
  void fill(const T& value) { std::fill(data_.begin(), data_.end(), value); }
  int size() const { return static_cast<int>(data_.size()); }
  bool empty() const { return data_.empty(); }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  auto begin() { return data_.begin(); }
  auto end() { return data_.end(); }
  auto begin() const { return data_.begin(); }
  auto end() const { return data_.end(); }
  // The plain vector, for results and traces that hand the values on.
  const std::vector<T>& values() const { return data_; }
  std::vector<T>& values() { return data_; }

 private:
  std::vector<T> data_;
};

// Row-major rows x cols values: (region, camp) -> control, (region, actor) -> forces,
// (actor, issue) -> position.
template <class T>
class Grid {
 public:
  Grid() = default;
  Grid(int rows, int cols, const T& value = T{}) { assign(rows, cols, value); }

  void assign(int rows, int cols, const T& value) {
    rows_ = rows;
    cols_ = cols;
    data_.assign(idx(rows) * idx(cols), value);
  }
  // Appends one row (its values in column order); the grid's width is set by the first row.
  template <class Range>
  void push_row(const Range& row) {
    if (rows_ == 0) cols_ = static_cast<int>(std::size(row));
    PARLEY_BOUNDS_ASSERT(static_cast<int>(std::size(row)) == cols_, "Grid row width");
    data_.insert(data_.end(), std::begin(row), std::end(row));
    ++rows_;
  }

  T& operator()(int row, int col) {
    PARLEY_BOUNDS_ASSERT(row >= 0 && row < rows_ && col >= 0 && col < cols_, "Grid");
    return data_[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(col)];
  }
  const T& operator()(int row, int col) const {
    PARLEY_BOUNDS_ASSERT(row >= 0 && row < rows_ && col >= 0 && col < cols_, "Grid");
    return data_[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(col)];
  }
  std::span<T> row(int r) {
    PARLEY_BOUNDS_ASSERT(r >= 0 && r < rows_, "Grid row");
    return {data_.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_), static_cast<std::size_t>(cols_)};
  }
  std::span<const T> row(int r) const {
    PARLEY_BOUNDS_ASSERT(r >= 0 && r < rows_, "Grid row");
    return {data_.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_), static_cast<std::size_t>(cols_)};
  }

  void fill(const T& value) { std::fill(data_.begin(), data_.end(), value); }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  // Every value, row-major, for results and traces (region-major control, for instance).
  const std::vector<T>& values() const { return data_; }
  std::vector<T>& values() { return data_; }

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<T> data_;
};

}  // namespace parley::sim
