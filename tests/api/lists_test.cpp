// Consult lists: keyset paging without duplicates or gaps, search, the service queue's order
// and the status filter.
#include <algorithm>
#include <set>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Lists = ApiTest;

struct Page {
  std::vector<json::object> items;
  std::string next;
};

Page page(const Caller& who, const std::string& query) {
  auto r = who.get("/api/v1/consults?" + query);
  EXPECT_EQ(r.status, 200) << query << ": " << r.describe();
  Page p;
  auto o = r.object();
  if (auto* items = o.if_contains("items"); items && items->is_array())
    for (const auto& i : items->as_array()) p.items.push_back(i.as_object());
  if (auto* next = o.if_contains("next_cursor")) p.next = str(*next);
  return p;
}

std::vector<std::string> ids_of(const std::vector<json::object>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(str(i.at("id")));
  return out;
}

// Walks a list with `limit` until next_cursor is null; checks sizes on the way.
std::vector<json::object> walk(const Caller& who, const std::string& query, int limit, int expected_pages) {
  std::vector<json::object> all;
  std::string cursor;
  int pages = 0;
  for (; pages < 50; ++pages) {
    auto p = page(who, query + "&limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
    EXPECT_LE(static_cast<int>(p.items.size()), limit);
    all.insert(all.end(), p.items.begin(), p.items.end());
    cursor = p.next;
    if (cursor.empty()) {
      ++pages;
      break;
    }
    EXPECT_EQ(static_cast<int>(p.items.size()), limit) << "a page before the last one is full";
  }
  EXPECT_EQ(pages, expected_pages) << query;
  return all;
}

class ListsOf25 : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;  // no backend here: SetUp said why
    // Several consults share a timestamp (same millisecond), others are minutes apart: the
    // keyset must break ties by id.
    for (int i = 0; i < 25; ++i) {
      if (i % 3 == 0) clock_.advance(std::chrono::minutes(1));
      auto c = create("gp_a", "x_derm", valid_bsn(i), "Patient " + std::to_string(100 + i));
      ids_.push_back(str(c["id"]));
      references_.push_back(str(c["reference"]));
    }
  }
  std::vector<std::string> ids_, references_;
};

TEST_F(ListsOf25, ThreePagesOfTenWithoutDuplicatesOrGaps) {
  auto all = walk(as("gp_a"), "box=practice", 10, 3);
  auto ids = ids_of(all);
  EXPECT_EQ(ids.size(), 25u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), std::set<std::string>(ids_.begin(), ids_.end()));
  // Most recently changed first.
  for (size_t i = 1; i < all.size(); ++i)
    EXPECT_GE(str(all[i - 1].at("updated_at")), str(all[i].at("updated_at"))) << i;
  EXPECT_EQ(ids.front(), ids_.back()) << "the newest consult comes first";

  // The service queue pages the same set, by due date.
  auto queue = walk(as("derm_x1"), "box=service", 10, 3);
  auto queue_ids = ids_of(queue);
  EXPECT_EQ(std::set<std::string>(queue_ids.begin(), queue_ids.end()), std::set<std::string>(ids_.begin(), ids_.end()));
  EXPECT_EQ(queue_ids.size(), 25u);
  // Other page sizes see the same consults.
  EXPECT_EQ(ids_of(walk(as("gp_a"), "box=practice", 7, 4)), ids);
  EXPECT_EQ(ids_of(walk(as("gp_a"), "box=practice", 25, 1)), ids);
  EXPECT_EQ(ids_of(walk(as("gp_a"), "box=practice", 1, 25)), ids);
}

TEST_F(ListsOf25, ChangesBetweenPagesDoNotDuplicate) {
  auto first = page(as("gp_a"), "box=practice&limit=10");
  ASSERT_EQ(first.items.size(), 10u);
  // A consult on a later page is changed: it moves to the front, behind the cursor.
  clock_.advance(std::chrono::minutes(5));
  act("derm_x1", ids_.front(), "accept", json::object{});
  std::vector<std::string> seen = ids_of(first.items);
  std::string cursor = first.next;
  while (!cursor.empty()) {
    auto p = page(as("gp_a"), "box=practice&limit=10&cursor=" + cursor);
    for (const auto& id : ids_of(p.items)) seen.push_back(id);
    cursor = p.next;
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a consult was listed twice";
}

TEST_F(ListsOf25, SearchFindsByReferenceAndPatientName) {
  auto by_ref = page(as("gp_a"), "box=practice&q=" + references_[7]);
  EXPECT_EQ(ids_of(by_ref.items), std::vector<std::string>{ids_[7]});
  auto by_name = page(as("gp_a"), "box=practice&q=patient%20112");
  EXPECT_EQ(ids_of(by_name.items), std::vector<std::string>{ids_[12]});
  auto case_insensitive = page(as("gp_a"), "box=practice&q=PATIENT%20112");
  EXPECT_EQ(ids_of(case_insensitive.items), std::vector<std::string>{ids_[12]});
  auto by_bsn = page(as("gp_a"), "box=practice&q=" + valid_bsn(3));
  EXPECT_EQ(ids_of(by_bsn.items), std::vector<std::string>{ids_[3]});
  auto partial = page(as("gp_a"), "box=practice&limit=200&q=Patient%2010");  // Patient 100 … 109
  EXPECT_EQ(partial.items.size(), 10u);
  EXPECT_TRUE(page(as("gp_a"), "box=practice&q=nobody-by-this-name").items.empty());
  // Search stays inside what the caller may see.
  EXPECT_TRUE(page(as("gp_b"), "box=practice&q=" + references_[7]).items.empty());
  EXPECT_TRUE(page(as("derm_y"), "box=service&q=" + references_[7]).items.empty());
}

TEST_F(Lists, ServiceBoxIsSortedByDueDateAscending) {
  // x_derm answers in 2 working days, x_cardio in 3: the later-created x_derm consult is due
  // before the earlier x_cardio one.
  auto cardio = create_id("gp_a", "x_cardio", valid_bsn(1));
  clock_.advance(std::chrono::hours(1));
  auto derm_late = create_id("gp_a", "x_derm", valid_bsn(2));
  clock_.set(*parse_timestamp("2026-04-23T09:00:00.000Z"));  // Thursday: due Tuesday 28th
  auto derm_early = create_id("gp_a", "x_derm", valid_bsn(3));
  auto queue = page(as("coord_x"), "box=service");
  EXPECT_EQ(ids_of(queue.items), (std::vector<std::string>{derm_early, derm_late, cardio}));
  for (size_t i = 1; i < queue.items.size(); ++i)
    EXPECT_LE(str(queue.items[i - 1].at("due_at")), str(queue.items[i].at("due_at")));
  // The practice box is in order of change instead.
  auto practice = page(as("gp_a"), "box=practice");
  EXPECT_EQ(ids_of(practice.items), (std::vector<std::string>{derm_late, cardio, derm_early}));
}

TEST_F(Lists, StatusFilter) {
  auto submitted = create_id("gp_a", "x_derm", valid_bsn(1));
  auto accepted = create_id("gp_a", "x_derm", valid_bsn(2));
  act("derm_x1", accepted, "accept", json::object{});
  auto answered = create_id("gp_a", "x_derm", valid_bsn(3));
  act("derm_x1", answered, "answer", answer_body());
  auto only = [&](const std::string& who, const std::string& query) {
    auto ids = ids_of(page(as(who), query).items);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(only("gp_a", "box=practice&status=accepted"), std::vector<std::string>{accepted});
  EXPECT_EQ(only("gp_a", "box=practice&status=submitted,accepted"), sorted({submitted, accepted}));
  EXPECT_EQ(only("derm_x1", "box=service&status=answered"), std::vector<std::string>{answered});
  EXPECT_TRUE(only("gp_a", "box=practice&status=closed").empty());
  for (const auto& item : page(as("gp_a"), "box=practice&status=submitted").items)
    EXPECT_EQ(str(item.at("status")), "submitted");
  auto item = page(as("gp_a"), "box=practice&status=answered").items.at(0);
  EXPECT_EQ(str(item.at("reference")).rfind("MK-2026-", 0), 0u);
  EXPECT_FALSE(str(item.at("due_at")).empty());
  EXPECT_EQ(str(item.at("patient").at("bsn")), valid_bsn(3));
}

}  // namespace
}  // namespace mk::apitest
