# Near-duplicates (src/relate): fingerprinting real posts, SimHashIndex look-ups against 10 million
# fingerprints, and a 24-hour replay showing flat memory.
add_executable(bench_near_duplicate ${CMAKE_CURRENT_SOURCE_DIR}/bench_near_duplicate.cc)
target_include_directories(bench_near_duplicate PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(bench_near_duplicate PRIVATE ${YUQING_WARNINGS})
target_link_libraries(bench_near_duplicate PRIVATE yuqing_relate yuqing_nlp yuqing_normalize)
