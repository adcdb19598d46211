# murmur_layer(<name> DIR <folder> SOURCES ... [DEPENDS <layer>...] [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
#
# One layer of Murmur: a static library murmur_<name> (alias murmur::<name>) built from the
# folder's explicit sources, linking the layers it DEPENDS on and nothing above them. Each
# call also records "<folder> -> <the folders of its dependencies>" so that
# scripts/check_layers.py (the test `layers.includes`) can check every #include against the
# same arrows the links declare: the layer map is written once, here, by the calls in sim/,
# agents/, viz/ and cli/.
function(murmur_layer name)
  cmake_parse_arguments(LAYER "" "DIR" "SOURCES;DEPENDS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(murmur_${name} STATIC ${LAYER_SOURCES})
  add_library(murmur::${name} ALIAS murmur_${name})
  murmur_configure_target(murmur_${name})
  target_include_directories(murmur_${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  foreach(dependency IN LISTS LAYER_DEPENDS)
    target_link_libraries(murmur_${name} PUBLIC murmur::${dependency})
  endforeach()
  target_link_libraries(murmur_${name} PUBLIC ${LAYER_PUBLIC_LIBS} PRIVATE ${LAYER_PRIVATE_LIBS})
  murmur_record_layer(${name} ${LAYER_DIR} ${LAYER_DEPENDS})
endfunction()

# murmur_record_layer(<name> <folder> <dependency layers>...): adds a folder to the layer map
# without making a library (the executables' folders, cli/ and viz/).
function(murmur_record_layer name folder)
  set_property(GLOBAL PROPERTY MURMUR_LAYER_DIR_${name} "${folder}")
  set_property(GLOBAL APPEND PROPERTY MURMUR_LAYERS "${name}")
  set_property(GLOBAL PROPERTY MURMUR_LAYER_DEPENDS_${name} "${ARGN}")
endfunction()

# Writes <build>/murmur_layers.txt: one line a folder, "folder: folders it may include".
function(murmur_write_layer_map)
  get_property(layers GLOBAL PROPERTY MURMUR_LAYERS)
  set(text "")
  foreach(layer IN LISTS layers)
    get_property(folder GLOBAL PROPERTY MURMUR_LAYER_DIR_${layer})
    get_property(dependencies GLOBAL PROPERTY MURMUR_LAYER_DEPENDS_${layer})
    set(folders "")
    foreach(dependency IN LISTS dependencies)
      get_property(dependency_folder GLOBAL PROPERTY MURMUR_LAYER_DIR_${dependency})
      list(APPEND folders "${dependency_folder}")
    endforeach()
    list(JOIN folders " " folders)
    string(APPEND text "${folder}: ${folders}\n")
  endforeach()
  file(WRITE "${PROJECT_BINARY_DIR}/murmur_layers.txt" "${text}")
endfunction()
