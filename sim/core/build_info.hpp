#pragma once
// Facts about the build, recorded in every manifest. The commit is read when CMake
// configures (it re-configures when HEAD or the index moves; "-dirty" marks uncommitted
// changes). Generated into one small translation unit so a new commit rebuilds only it.

namespace murmur::build_info {
extern const char* const git_commit;
}  // namespace murmur::build_info
