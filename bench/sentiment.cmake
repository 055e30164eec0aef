# Sentiment scoring (src/nlp/sentiment) on pre-normalised, pre-segmented real posts.
add_executable(bench_sentiment ${CMAKE_CURRENT_SOURCE_DIR}/bench_sentiment.cc)
target_include_directories(bench_sentiment PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(bench_sentiment PRIVATE ${YUQING_WARNINGS})
target_link_libraries(bench_sentiment PRIVATE yuqing_sentiment yuqing_normalize)
