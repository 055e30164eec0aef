# Region attribution (src/nlp/regions): Attribute on real Weibo posts, pre-normalised and
# pre-segmented, against a naive find of every gazetteer name in the same run.
add_executable(bench_regions bench_regions.cc)
target_include_directories(bench_regions PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(bench_regions PRIVATE ${YUQING_WARNINGS})
target_link_libraries(bench_regions PRIVATE yuqing_regions yuqing_normalize)
