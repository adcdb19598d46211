# murmur_configure_target(<target>): the settings every Murmur target shares.
#  -ffp-contract=off keeps the compiler from fusing a*b+c into FMA instructions, which
#  would make results depend on -march and break bit-for-bit reproducibility (Box2D does the same).
function(murmur_configure_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -ffp-contract=off)
  if(MURMUR_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(MURMUR_VALIDATE)
    target_compile_definitions(${target} PRIVATE MURMUR_VALIDATE=1)
  endif()
endfunction()
