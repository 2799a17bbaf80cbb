// Forced into every module but scenario/: only the loader reads YAML, so yaml-cpp's namespace
// is poisoned here and including <yaml-cpp/yaml.h> anywhere else fails to compile.
#pragma once
#pragma GCC poison YAML
