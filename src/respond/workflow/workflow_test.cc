#include "respond/workflow/workflow.h"

#include <gtest/gtest.h>

namespace yuqing {
namespace {

using S = HandlingState;
using A = HandlingAction;

constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kHour = 60 * kMinute;

TEST(WorkflowTest, ValidTransitionsFollowTheHandlingOrder) {
  EXPECT_EQ(*NextState(S::kNew, A::kAcknowledge, false), S::kAcknowledged);
  EXPECT_EQ(*NextState(S::kAcknowledged, A::kStartHandling, true), S::kHandling);
  EXPECT_EQ(*NextState(S::kHandling, A::kMarkResponded, true), S::kResponded);
  EXPECT_EQ(*NextState(S::kAcknowledged, A::kMarkResponded, true), S::kResponded);
  EXPECT_EQ(*NextState(S::kResponded, A::kClose, true), S::kClosed);
  EXPECT_EQ(*NextState(S::kNew, A::kClose, false), S::kClosed);  // a false alarm
}

TEST(WorkflowTest, ReopenGoesBackToHandlingOnlyWhenItWasTakenUp) {
  EXPECT_EQ(*NextState(S::kClosed, A::kReopen, true), S::kHandling);
  EXPECT_EQ(*NextState(S::kClosed, A::kReopen, false), S::kNew);
}

TEST(WorkflowTest, InvalidTransitionsNameTheActionAndStates) {
  auto twice = NextState(S::kAcknowledged, A::kAcknowledge, true);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(twice.status().message(),
            "cannot acknowledge an incident in state acknowledged (allowed from new)");
  EXPECT_FALSE(NextState(S::kNew, A::kStartHandling, false).ok());
  EXPECT_FALSE(NextState(S::kNew, A::kMarkResponded, false).ok());
  EXPECT_FALSE(NextState(S::kClosed, A::kClose, true).ok());
  EXPECT_FALSE(NextState(S::kHandling, A::kReopen, true).ok());
  auto closed = NextState(S::kClosed, A::kAcknowledge, true);
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.status().message().find("state closed"), std::string::npos);
}

TEST(WorkflowTest, ClosingNeedsAFinalReportOrAReason) {
  EXPECT_TRUE(CheckClose(true, "").ok());
  EXPECT_TRUE(CheckClose(false, "误报 false alarm").ok());
  Status none = CheckClose(false, "");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.message().find("终报"), std::string::npos);
}

TEST(WorkflowTest, NamesRoundTrip) {
  for (S s : {S::kNew, S::kAcknowledged, S::kHandling, S::kResponded, S::kClosed}) {
    EXPECT_EQ(ParseHandlingState(HandlingStateName(s)), s);
  }
  EXPECT_EQ(ParseReportKind("初报"), ReportKind::kInitial);
  EXPECT_EQ(ParseReportKind("followup"), ReportKind::kFollowUp);
  EXPECT_EQ(ParseReportKind("终报"), ReportKind::kFinal);
  EXPECT_FALSE(ParseReportKind("daily").has_value());
  EXPECT_EQ(ParseDeadlineKind("authoritative_info"), DeadlineKind::kAuthoritativeInfo);
}

TEST(WorkflowTest, DeadlinesPerGrade) {
  const DeadlineOptions o;
  const int64_t t = 1'700'000'000'000;
  // Grades I-II are emergencies by default (issue 8): eyes within 30 min, the first word within
  // the golden hour, the response within the rule's 24 h.
  for (Grade g : {Grade::kI, Grade::kII}) {
    auto d = ComputeDeadlines(g, false, t, o);
    EXPECT_EQ(d[0].due_ms, t + 30 * kMinute);
    EXPECT_EQ(d[1].due_ms, t + kHour);
    EXPECT_EQ(d[2].due_ms, t + 24 * kHour);  // response, grades I-II
  }
  for (Grade g : {Grade::kIII, Grade::kIV, Grade::kNone}) {
    auto d = ComputeDeadlines(g, false, t, o);
    EXPECT_EQ(d[0].due_ms, t + kHour);       // golden hour
    EXPECT_EQ(d[1].due_ms, t + 5 * kHour);   // authoritative information
    EXPECT_EQ(d[2].due_ms, t + 48 * kHour);  // response, other grades
  }
  // Without automatic emergencies, grades I-II keep the plain rules.
  DeadlineOptions manual;
  manual.automatic_emergency_from.reset();
  auto d = ComputeDeadlines(Grade::kI, false, t, manual);
  EXPECT_EQ(d[0].due_ms, t + kHour);
  EXPECT_EQ(d[1].due_ms, t + 5 * kHour);
  EXPECT_EQ(d[2].due_ms, t + 24 * kHour);
}

TEST(WorkflowTest, APersonsEmergencyTightensTheDeadlinesOfAnyGrade) {
  const DeadlineOptions o;
  const int64_t t = 1'700'000'000'000;
  auto d = ComputeDeadlines(Grade::kIII, true, t, o);
  EXPECT_EQ(d[0].due_ms, t + 30 * kMinute);
  EXPECT_EQ(d[1].due_ms, t + kHour);
  EXPECT_EQ(d[2].due_ms, t + 24 * kHour);
  DeadlineOptions custom;
  custom.emergency_acknowledge_ms = 15 * kMinute;
  EXPECT_EQ(ComputeDeadlines(Grade::kIV, true, t, custom)[0].due_ms, t + 15 * kMinute);
}

TEST(WorkflowTest, DueEscalationsOnlyAfterTheDeadlineAndOnlyOnce) {
  const DeadlineOptions o;
  HandlingClock clock;
  clock.incident_id = "inc-1";
  clock.grade = Grade::kIII;
  clock.cycle_started_ms = 0;
  EXPECT_TRUE(DueEscalations({clock}, kHour, o).empty());  // due at, not yet passed
  auto due = DueEscalations({clock}, kHour + 1, o);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, DeadlineKind::kAcknowledge);
  EXPECT_EQ(due[0].due_ms, kHour);
  clock.escalated.push_back(DeadlineKind::kAcknowledge);
  EXPECT_TRUE(DueEscalations({clock}, kHour + 1, o).empty());
  // Five hours on, without a report, authoritative information is missed too.
  due = DueEscalations({clock}, 5 * kHour + 1, o);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, DeadlineKind::kAuthoritativeInfo);
}

TEST(WorkflowTest, DoneInTimeMeetsTheDeadlineDoneLateDoesNot) {
  const DeadlineOptions o;
  HandlingClock clock;
  clock.incident_id = "inc-1";
  clock.state = HandlingState::kAcknowledged;
  clock.acknowledged_ms = kHour;  // at the due instant: in time
  EXPECT_TRUE(DueEscalations({clock}, 2 * kHour, o).empty());
  clock.acknowledged_ms = kHour + 1;  // late: the miss stays on record
  EXPECT_EQ(DueEscalations({clock}, 2 * kHour, o).size(), 1u);
  clock.state = HandlingState::kClosed;
  EXPECT_TRUE(DueEscalations({clock}, 100 * kHour, o).empty());
}

TEST(WorkflowTest, Gbt2260ParentsClimbToNational) {
  EXPECT_EQ(Gbt2260Parent("510104001"), "510104");
  EXPECT_EQ(Gbt2260Parent("510104"), "510100");
  EXPECT_EQ(Gbt2260Parent("510100"), "510000");
  EXPECT_EQ(Gbt2260Parent("510000"), "000000");
  EXPECT_EQ(Gbt2260Parent("000000"), std::nullopt);
  EXPECT_EQ(Gbt2260Parent("5101"), std::nullopt);
  EXPECT_EQ(Gbt2260Parent("chengdu"), std::nullopt);
}

}  // namespace
}  // namespace yuqing
