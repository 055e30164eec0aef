#include "respond/notification_render.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

Notification Sample() {
  Notification n;
  n.group_key = "root|510107/pension|responsible|story=s1";
  n.sequence = 2;
  n.id = n.group_key + "#2";
  n.at = Timestamp{1'709'258'510'000, 480};
  n.target = RoutingTarget{"510107", "武侯区人社局", "pension", "养老保险处", "responsible"};
  n.emergency = true;
  AlertSummary alert;
  alert.incident_id = "inc-s1";
  alert.title = "养老金停发传言";
  alert.grade = Grade::kII;
  alert.regions = {"四川省/成都市/武侯区"};
  alert.reasons = {"velocity 9.2σ above baseline", "38% negative"};
  alert.item_count = 120;
  n.alerts = {alert};
  n.plan = EmergencyPlan{"pension",
                         "养老保险舆情应急预案",
                         {},
                         {"核实", "发布权威信息"},
                         "新闻发言人",
                         "我们已关注到“{title}”，涉及{regions}。",
                         {}};
  const Endpoint hook{ChannelKind::kWebhook, "http://127.0.0.1:9/a", ""};
  n.recipients = {{"张三", hook},
                  {"李四", Endpoint{ChannelKind::kEmail, "lisi@example.org", ""}},
                  {"值班群", hook}};  // the same robot twice: one message
  return n;
}

TEST(NotificationRenderTest, TextCarriesGradeReasonsPlanAndFilledStatement) {
  const Notification n = Sample();
  EXPECT_EQ(NotificationSubject(n), "【II 重大】【应急响应】四川省/成都市/武侯区 养老金停发传言");
  const std::string text = NotificationText(n);
  EXPECT_NE(text.find("velocity 9.2σ above baseline"), std::string::npos);
  EXPECT_NE(text.find("启动应急响应: 养老保险舆情应急预案"), std::string::npos);
  EXPECT_NE(text.find("2. 发布权威信息"), std::string::npos);
  EXPECT_NE(text.find("我们已关注到“养老金停发传言”，涉及四川省/成都市/武侯区。"),
            std::string::npos)
      << text;
}

TEST(NotificationRenderTest, OneDeliveryPerEndpointWithStableDistinctKeys) {
  const Notification n = Sample();
  const std::vector<Delivery> first = RenderDeliveries(n);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_NE(first[0].idempotency_key, first[1].idempotency_key);
  EXPECT_EQ(RenderDeliveries(n)[0].idempotency_key, first[0].idempotency_key);
  Notification next = n;
  next.sequence = 3;
  next.id = n.group_key + "#3";
  EXPECT_NE(RenderDeliveries(next)[0].idempotency_key, first[0].idempotency_key);
  EXPECT_NE(first[0].payload_json.find("\"at_ms\":1709258510000"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
