// Must NOT compile: the model reaching into the results store's private headers.
#include "store/schema.hpp"
