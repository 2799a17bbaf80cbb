// Must NOT compile: a stage of the model reaching into the command line.
#include "cli/commands.hpp"
