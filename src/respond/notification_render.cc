#include "respond/notification_render.h"

#include <fmt/format.h>

#include "core/hash64.h"
#include "core/json_text.h"
#include "core/time.h"

namespace yuqing {
namespace {

std::string_view GradeLabel(Grade grade) {
  switch (grade) {
    case Grade::kI:
      return "I 特别重大";
    case Grade::kII:
      return "II 重大";
    case Grade::kIII:
      return "III 较大";
    case Grade::kIV:
      return "IV 一般";
    case Grade::kNone:
      break;
  }
  return "";
}

std::string Join(const std::vector<std::string>& values, std::string_view separator, size_t max) {
  std::string out;
  for (size_t i = 0; i < values.size() && i < max; ++i) {
    if (i > 0) out += separator;
    out += values[i];
  }
  return out;
}

void AppendStringArray(const std::vector<std::string>& values, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *out += ',';
    AppendJsonString(values[i], out);
  }
  *out += ']';
}

const AlertSummary* Headline(const Notification& notification) {
  const AlertSummary* best = nullptr;
  for (const AlertSummary& alert : notification.alerts) {
    if (best == nullptr || (!alert.resolved && (best->resolved || alert.grade > best->grade))) {
      best = &alert;
    }
  }
  return best;
}

// One rendered message, for every recipient of it.
struct Message {
  std::string_view key_prefix;  // "n-" notification, "e-" escalation
  std::string identity;         // what makes it this message; the endpoint is appended
  const std::string& subject;
  const std::string& text;
  const std::string& payload;
  int64_t created_ms;
};

// The key hashes the message's identity and the endpoint, so the same message rendered again
// (a replay, a restart, a second sweep) has the same key, and two people sharing one group
// robot get one message, not two.
void AddDelivery(const Message& message, const Recipient& recipient,
                 std::vector<Delivery>* deliveries) {
  Delivery delivery;
  const std::string identity = message.identity +
                               std::string(ChannelKindName(recipient.endpoint.kind)) + ":" +
                               recipient.endpoint.address;
  delivery.idempotency_key = fmt::format("{}{:016x}", message.key_prefix, Hash64(identity));
  for (const Delivery& d : *deliveries) {
    if (d.idempotency_key == delivery.idempotency_key) return;
  }
  delivery.receiver = recipient.name;
  delivery.endpoint = recipient.endpoint;
  delivery.subject = message.subject;
  delivery.text = message.text;
  delivery.payload_json = message.payload;
  delivery.created_ms = message.created_ms;
  deliveries->push_back(std::move(delivery));
}

}  // namespace

std::string NotificationSubject(const Notification& notification) {
  const AlertSummary* head = Headline(notification);
  if (head == nullptr) return "yuqing";
  std::string subject =
      head->resolved ? "【已结束】" : fmt::format("【{}】", GradeLabel(head->grade));
  if (notification.emergency) subject += "【应急响应】";
  if (!head->regions.empty()) subject += head->regions.front() + " ";
  subject += head->title.substr(0, 90);
  if (notification.alerts.size() > 1) {
    subject += fmt::format(" 等{}起", notification.alerts.size());
  }
  return subject;
}

std::string NotificationText(const Notification& notification) {
  std::string text = "### " + NotificationSubject(notification) + "\n\n";
  text += "送达: " + notification.target.Label() + " (" + notification.target.reason + ")\n\n";
  for (const AlertSummary& alert : notification.alerts) {
    text += fmt::format("- **{}** {} [{}]\n", alert.resolved ? "已结束" : GradeLabel(alert.grade),
                        alert.title, alert.incident_id);
    text += fmt::format("  - 涉及地区: {}; 信息量 {} 条, 负面 {:.0f}%\n",
                        alert.regions.empty() ? "未识别" : Join(alert.regions, "、", 5),
                        alert.item_count, alert.negative_ratio * 100);
    text += "  - 首发 " + FormatIso8601(alert.first_seen) + ", 最新 " +
            FormatIso8601(alert.last_seen) + "\n";
    for (const std::string& reason : alert.reasons) text += "  - " + reason + "\n";
  }
  if (notification.plan) {
    const EmergencyPlan& plan = *notification.plan;
    text += "\n**启动应急响应: " + plan.name + "**\n";
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      text += fmt::format("{}. {}\n", i + 1, plan.steps[i]);
    }
    if (!plan.spokesperson.empty()) text += "新闻发言人: " + plan.spokesperson + "\n";
    if (!plan.holding_statement.empty()) {
      const AlertSummary* head = Headline(notification);
      std::string statement = plan.holding_statement;
      auto fill = [&](std::string_view field, const std::string& value) {
        for (size_t at = statement.find(field); at != std::string::npos;
             at = statement.find(field, at + value.size())) {
          statement.replace(at, field.size(), value);
        }
      };
      fill("{title}", head != nullptr ? head->title : std::string());
      fill("{regions}", head != nullptr && !head->regions.empty() ? Join(head->regions, "、", 3)
                                                                  : std::string("相关地区"));
      text += "口径参考: " + statement + "\n";
    }
    if (!plan.contacts.empty()) text += "联系人: " + Join(plan.contacts, "; ", 10) + "\n";
  }
  if (notification.repeat) text += "\n(重复提醒: 事件仍在持续)\n";
  return text;
}

std::string NotificationJson(const Notification& notification) {
  std::string out = "{\"notification\":";
  AppendJsonString(notification.id, &out);
  out += ",\"at\":";
  AppendJsonString(FormatIso8601(notification.at), &out);
  out += fmt::format(",\"at_ms\":{}", notification.at.unix_ms);
  out += ",\"receiver\":";
  AppendJsonString(notification.receiver, &out);
  out += ",\"unit\":";
  AppendJsonString(notification.target.unit_id, &out);
  out += ",\"department\":";
  AppendJsonString(notification.target.department_id, &out);
  out += ",\"routed_to\":";
  AppendJsonString(notification.target.Label(), &out);
  out += ",\"reason\":";
  AppendJsonString(notification.target.reason, &out);
  out += fmt::format(",\"sequence\":{},\"emergency\":{},\"repeat\":{}", notification.sequence,
                     notification.emergency, notification.repeat);
  if (notification.plan) {
    out += ",\"plan\":";
    AppendJsonString(notification.plan->id, &out);
  }
  out += ",\"incidents\":[";
  for (size_t i = 0; i < notification.alerts.size(); ++i) {
    const AlertSummary& alert = notification.alerts[i];
    if (i > 0) out += ',';
    out += "{\"id\":";
    AppendJsonString(alert.incident_id, &out);
    out += ",\"title\":";
    AppendJsonString(alert.title, &out);
    out += ",\"grade\":";
    AppendJsonString(GradeName(alert.grade), &out);
    out += fmt::format(",\"resolved\":{},\"item_count\":{}", alert.resolved, alert.item_count);
    out += ",\"regions\":";
    AppendStringArray(alert.regions, &out);
    out += ",\"reasons\":";
    AppendStringArray(alert.reasons, &out);
    out += '}';
  }
  out += "],\"recipients\":[";
  for (size_t i = 0; i < notification.recipients.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"name\":";
    AppendJsonString(notification.recipients[i].name, &out);
    out += ",\"channel\":";
    AppendJsonString(ChannelKindName(notification.recipients[i].endpoint.kind), &out);
    out += '}';
  }
  out += "]}";
  return out;
}

std::vector<Delivery> RenderDeliveries(const Notification& notification) {
  std::vector<Delivery> deliveries;
  if (notification.recipients.empty()) return deliveries;
  const std::string subject = NotificationSubject(notification);
  const std::string text = NotificationText(notification);
  const std::string payload = NotificationJson(notification);
  const Message message{"n-",    notification.id + "\n", subject, text,
                        payload, notification.at.unix_ms};
  for (const Recipient& recipient : notification.recipients) {
    AddDelivery(message, recipient, &deliveries);
  }
  return deliveries;
}

std::vector<Delivery> RenderEscalation(const OrganisationTree& organisation,
                                       const EscalationNotice& notice) {
  std::vector<Delivery> deliveries;
  const Unit* unit = organisation.Find(notice.to_unit);
  if (unit == nullptr) return deliveries;
  const Unit* from = organisation.Find(notice.from_unit);
  const std::string from_name = from != nullptr ? from->name : notice.from_unit;
  const Department* department = organisation.DepartmentFor(*unit, notice.topics);
  std::vector<Recipient> recipients;
  if (department != nullptr) {
    AppendRecipients(department->people, unit->name + " " + department->name, &recipients);
  }
  AppendRecipients(unit->leaders, unit->name + " 领导", &recipients);
  const std::string subject = fmt::format(
      "【超时升级】{} {} 未按时{}", notice.grade == Grade::kNone ? "" : GradeLabel(notice.grade),
      notice.title.substr(0, 90),
      notice.deadline == "acknowledge" ? "签收"
      : notice.deadline == "inform"    ? "发布权威信息"
                                       : "回应");
  std::string text = "### " + subject + "\n\n";
  text += fmt::format("- 事件: {} [{}]\n- 原责任单位: {}\n- 期限: {} ({})\n- 升级至: {}{}\n",
                      notice.title, notice.incident_id, from_name,
                      FormatIso8601(Timestamp{notice.due_ms, 480}), notice.deadline, unit->name,
                      department != nullptr ? "/" + department->name : std::string());
  text += "\n请上级单位督办: 签收、指定责任人并按期限发布权威信息。\n";
  std::string payload = "{\"escalation\":";
  AppendJsonString(notice.incident_id, &payload);
  payload += ",\"deadline\":";
  AppendJsonString(notice.deadline, &payload);
  payload += fmt::format(",\"due_ms\":{},\"at_ms\":{}", notice.due_ms, notice.at_ms);
  payload += ",\"from_unit\":";
  AppendJsonString(notice.from_unit, &payload);
  payload += ",\"to_unit\":";
  AppendJsonString(notice.to_unit, &payload);
  payload += '}';
  const Message message{"e-",
                        "escalation\n" + notice.incident_id + "\n" + notice.deadline + "\n" +
                            std::to_string(notice.due_ms) + "\n" + notice.to_unit + "\n",
                        subject,
                        text,
                        payload,
                        notice.at_ms};
  for (const Recipient& recipient : recipients) AddDelivery(message, recipient, &deliveries);
  return deliveries;
}

}  // namespace yuqing
