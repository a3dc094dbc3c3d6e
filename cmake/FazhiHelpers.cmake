include(GoogleTest)

# fazhi_test(NAME SOURCES src... LIBS lib...): one GoogleTest binary, run by ctest.
function(fazhi_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    FAZHI_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    FAZHI_BINARY_DIR="${CMAKE_BINARY_DIR}")
  # One ctest entry per TEST(), so ctest's summary counts real tests.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()

# The static archive beside a shared object (/x/libz.so.1.2 -> /x/libz.a,
# -lz -> /x/libz.a) if there is one, else `library` itself.
function(fazhi_static_archive_of library out)
  set(result "${library}")
  if(library MATCHES "^(/.*/lib[^/]+)\\.so(\\.[0-9.]+)?$")
    if(EXISTS "${CMAKE_MATCH_1}.a")
      set(result "${CMAKE_MATCH_1}.a")
    endif()
  elseif(library MATCHES "^-l([A-Za-z0-9_+-]+)$")
    find_library(FAZHI_STATIC_${CMAKE_MATCH_1} NAMES lib${CMAKE_MATCH_1}.a)
    if(FAZHI_STATIC_${CMAKE_MATCH_1})
      set(result "${FAZHI_STATIC_${CMAKE_MATCH_1}}")
    endif()
  endif()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

# fazhi_link_statically(TARGETS...): the imported libraries named (and, for
# pkg-config targets, the libraries they list) are linked from the static
# archives Debian ships beside the shared objects. A process then starts
# without loading and relocating a hundred shared objects: `fazhi extract`
# spent some 20 ms on that before it did any work.
function(fazhi_link_statically)
  foreach(target IN LISTS ARGN)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(libraries ${target} INTERFACE_LINK_LIBRARIES)
      set(swapped "")
      foreach(library IN LISTS libraries)
        fazhi_static_archive_of("${library}" library)
        list(APPEND swapped "${library}")
      endforeach()
      set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${swapped}")
      continue()
    endif()
    foreach(property IMPORTED_LOCATION IMPORTED_LOCATION_NONE IMPORTED_LOCATION_RELEASE
                     IMPORTED_LOCATION_RELWITHDEBINFO IMPORTED_LOCATION_DEBUG)
      get_target_property(location ${target} ${property})
      if(location)
        fazhi_static_archive_of("${location}" archive)
        set_target_properties(${target} PROPERTIES ${property} "${archive}")
      endif()
    endforeach()
  endforeach()
endfunction()
