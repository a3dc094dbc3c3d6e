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
