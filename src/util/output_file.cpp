// Output files written under a temporary name and renamed when complete (see output_file.hpp).
#include "parley/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

namespace parley {

std::string write_failure_reason(int error_number) {
  const std::string text = std::strerror(error_number);
  switch (error_number) {
    case ENOSPC: return "the disk is full (" + text + ")";
    case EFBIG: return "the file size limit was reached (" + text + ")";
#ifdef EDQUOT
    case EDQUOT: return "the disk quota was exceeded (" + text + ")";
#endif
    default: return text;
  }
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
  // The rename at the end replaces whatever is at the path: only ever a regular file (as root,
  // `-o /dev/null` would otherwise replace the device node with a file).
  struct stat st{};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw OutputError("cannot write " + path_ + ": it exists and is " +
                      (S_ISDIR(st.st_mode)   ? "a directory"
                       : S_ISCHR(st.st_mode) ? "a character device"
                       : S_ISBLK(st.st_mode) ? "a block device"
                       : S_ISFIFO(st.st_mode) ? "a FIFO"
                                              : "not a regular file") +
                      "; parley replaces only regular files");
  file_ = std::fopen(partial_.c_str(), "wb");
  if (!file_) throw OutputError("cannot write " + path_ + ": " + write_failure_reason(errno));
}

OutputFile::~OutputFile() {
  if (!file_) return;
  std::fclose(file_);
  std::error_code ec;
  std::filesystem::remove(partial_, ec);
}

void OutputFile::fail(int error_number) {
  std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  std::filesystem::remove(partial_, ec);
  throw OutputError("cannot write " + path_ + ": " + write_failure_reason(error_number));
}

OutputFile& OutputFile::write(std::string_view text) {
  if (!file_) throw OutputError("cannot write " + path_ + ": the file is already closed");
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail(errno);
  return *this;
}

void OutputFile::commit() {
  if (!file_) throw OutputError("cannot write " + path_ + ": the file is already closed");
  if (std::fflush(file_) != 0) fail(errno);
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0) {
    const int e = errno;
    std::error_code ec;
    std::filesystem::remove(partial_, ec);
    throw OutputError("cannot write " + path_ + ": " + write_failure_reason(e));
  }
  std::error_code ec;
  std::filesystem::rename(partial_, path_, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
    throw OutputError("cannot write " + path_ + ": " + ec.message());
  }
}

void write_output_file(const std::string& path, std::string_view text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace parley
