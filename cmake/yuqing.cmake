# Shared compile settings and helpers for yuqing's targets.

set(YUQING_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
    # gcc 12 also warns on C++20 designated initializers that leave members to their defaults
    # ({.id = x, .time_ms = t}), the very use they are for.
    -Wno-missing-field-initializers)
if(YUQING_WERROR)
  list(APPEND YUQING_WARNINGS -Werror)
endif()

set(YUQING_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(YUQING_SANITIZE)
  add_compile_options(${YUQING_SANITIZE_FLAGS})
  add_link_options(${YUQING_SANITIZE_FLAGS})
endif()
if(YUQING_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "YUQING_FUZZ needs clang (CXX=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# yuqing_library(NAME SOURCES... DEPS ...): one library per stage folder. Public headers sit in
# the folder and are included as "<folder>/<header>.h" from src/.
function(yuqing_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${YUQING_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# yuqing_test(NAME SOURCES... DEPS ...): a GoogleTest binary registered with ctest; tests run
# from the repo root so that they find test data by repo-relative paths.
function(yuqing_test name)
  if(NOT YUQING_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${YUQING_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  include(GoogleTest)
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "YUQING_BIN=$<TARGET_FILE:yuqing>" TIMEOUT 900 DISCOVERY_TIMEOUT 30)
endfunction()
