// Exactly once, shown: a simulation of over 20,000 contacts and a replay run
// through the real `frontdoor` commands, under mutual TLS with tokens, while
// a killer SIGKILLs the three services at random moments and restarts them;
// then four runs delivered at once, as replications are. The commands must
// carry on and succeed, and every service's digest of each run must equal that
// of the same runs on an undisturbed cluster. CTest label `crash`.
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <random>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_client.h"
#include "gtest/gtest.h"
#include "services/common/security/pseudonymiser.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

using ::frontdoor::testing::TempDir;

// What a command printed and how it exited.
struct Outcome {
  int exit_code = -1;
  std::string output;
};

Outcome RunCommand(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    outcome.output += buffer;
  }
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

// The first line of `text` starting with `prefix`.
std::string Line(const std::string& text, const std::string& prefix) {
  const size_t start = text.find("\n" + prefix);
  if (start == std::string::npos) return "";
  return text.substr(start + 1, text.find('\n', start + 1) - start - 1);
}

std::string Bin(const std::string& name) {
  return absl::StrCat(FRONTDOOR_BIN_DIR, "/", name);
}

// One cluster and the commands run against it.
class Stack {
 public:
  // `key_file`, if given, is the pseudonym key to use: two stacks store the
  // same children under the same pseudonyms only under one key.
  explicit Stack(const std::string& dir, const std::string& key_file = "")
      : dir_(dir) {
    ClusterOptions options;
    options.bin_dir = FRONTDOOR_BIN_DIR;
    options.data_dir = dir + "/data";
    options.intake_port = options.threshold_port = options.stepping_port = 0;
    // The killer thread restarts services; they must outlive it.
    options.exit_with_launcher = false;
    // The default configuration: mutual TLS, the admin's token, children
    // pseudonymised. (Until channels that keep failing were renewed, see
    // RenewableStub, a client here waited minutes on a restarted service
    // and this test ran in plaintext.)
    if (!key_file.empty()) {
      std::filesystem::create_directories(options.data_dir);
      std::filesystem::copy_file(key_file,
                                 PseudonymKeyFileOf(options.data_dir));
    }
    absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
        LocalCluster::Start(options);
    status_ = cluster.status();
    if (cluster.ok()) cluster_ = *std::move(cluster);
  }

  const absl::Status& status() const { return status_; }
  LocalCluster& cluster() { return *cluster_; }

  // The address options of every command, and the data folder whose
  // admin certificate and token they call with.
  std::string Addresses() const {
    return absl::StrCat(
        " --intake=", cluster_->address(ServiceName::kIntake),
        " --threshold=", cluster_->address(ServiceName::kThreshold),
        " --stepping=", cluster_->address(ServiceName::kStepping),
        " --data_dir=", dir_, "/data", " --out=", dir_, "/out");
  }

  // The run's combined digest (every service's part).
  std::string Digest(const std::string& run_id) {
    cli::ServiceClient client(cluster_->address(ServiceName::kIntake),
                              cluster_->address(ServiceName::kStepping),
                              cluster_->address(ServiceName::kThreshold));
    client.set_retry({.patience = absl::Minutes(1)});
    absl::StatusOr<v1::RunDigest> digest = client.Digest(run_id);
    EXPECT_TRUE(digest.ok()) << run_id << ": " << digest.status();
    if (!digest.ok()) return "";
    EXPECT_EQ(digest->queued_events(), 0) << run_id;
    EXPECT_GT(digest->records(), 0) << run_id;
    return digest->DebugString();
  }

 private:
  std::string dir_;
  absl::Status status_;
  std::unique_ptr<LocalCluster> cluster_;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Outcome history = RunCommand(absl::StrCat(
        Bin("frontdoor"), " generate-history --days=120 --file=", dir_.path(),
        "/history.csv"));
    ASSERT_EQ(history.exit_code, 0) << history.output;
    std::FILE* scenario =
        std::fopen((dir_.path() + "/short.textproto").c_str(), "w");
    ASSERT_NE(scenario, nullptr);
    std::fputs("days: 120\nwarmup_days: 60\n", scenario);
    std::fclose(scenario);
  }

  std::string Simulate(Stack& stack) const {
    return absl::StrCat(Bin("frontdoor"), " simulate --run=sim --seed=11",
                        stack.Addresses());
  }
  // Four short runs (seeds 11 to 14) sent at once, so that each service
  // works on several runs' batches side by side.
  std::string SimulateMany(Stack& stack) const {
    return absl::StrCat(Bin("frontdoor"), " simulate --run=many --seed=11 -n 4",
                        " --scenario=", dir_.path(), "/short.textproto",
                        stack.Addresses());
  }
  std::string Replay(Stack& stack) const {
    return absl::StrCat(Bin("frontdoor"), " replay ", dir_.path(),
                        "/history.csv --run=rep --key_file=", dir_.path(),
                        "/replay.key", stack.Addresses());
  }

  // A stack for the runs under fire, storing children under the pseudonyms
  // the undisturbed stack in `calm_dir` uses (its key).
  std::unique_ptr<Stack> FireStack(const TempDir& calm_dir) const {
    return std::make_unique<Stack>(
        TempPath("fire"), PseudonymKeyFileOf(calm_dir.path() + "/data"));
  }

  // Runs `command` while killing a random service every 0.3-1.5 s and
  // restarting it 0.1-0.5 s later; returns the command's outcome.
  Outcome RunUnderFire(Stack& stack, const std::string& command) {
    std::future<Outcome> running = std::async(
        std::launch::async, [command] { return RunCommand(command); });
    std::uniform_int_distribution<int> wait_ms(300, 1500), down_ms(100, 500),
        which(0, 2);
    while (running.wait_for(std::chrono::milliseconds(wait_ms(random_))) !=
           std::future_status::ready) {
      const auto service = static_cast<ServiceName>(which(random_));
      if (!stack.cluster().Kill(service).ok()) continue;
      ++kills_;
      std::this_thread::sleep_for(std::chrono::milliseconds(down_ms(random_)));
      const absl::Status restarted = stack.cluster().Restart(service);
      EXPECT_TRUE(restarted.ok()) << ServiceLabel(service) << ": " << restarted;
    }
    return running.get();
  }

  // Prints how many kills landed, and expects enough to have tested
  // anything.
  void ExpectKilledEnough() const {
    std::printf("%d services killed and restarted (killer seed %u)\n", kills_,
                killer_seed_);
    EXPECT_GE(kills_, 3) << "killer seed " << killer_seed_;
  }

  std::string TempPath(const std::string& name) const {
    return absl::StrCat(dir_.path(), "/", name);
  }

  TempDir dir_;
  const unsigned killer_seed_ = std::random_device()();
  std::mt19937 random_{killer_seed_};
  int kills_ = 0;
};

TEST_F(CrashTest, KilledServicesEndInTheUndisturbedState) {
  TempDir calm_dir;
  Stack calm(calm_dir.path());
  ASSERT_TRUE(calm.status().ok()) << calm.status();
  const Outcome calm_sim = RunCommand(Simulate(calm));
  ASSERT_EQ(calm_sim.exit_code, 0) << calm_sim.output;
  const Outcome calm_rep = RunCommand(Replay(calm));
  ASSERT_EQ(calm_rep.exit_code, 0) << calm_rep.output;

  cli::ServiceClient client(calm.cluster().address(ServiceName::kIntake),
                            calm.cluster().address(ServiceName::kStepping));
  absl::StatusOr<v1::ListRunsResponse> runs = client.ListRuns();
  ASSERT_TRUE(runs.ok()) << runs.status();
  for (const v1::RunInfo& run : runs->runs()) {
    if (run.config().run_id() == "sim") {
      EXPECT_GE(run.contacts(), 20000);
    }
  }

  const std::unique_ptr<Stack> fire_stack = FireStack(calm_dir);
  Stack& fire = *fire_stack;
  ASSERT_TRUE(fire.status().ok()) << fire.status();
  const Outcome fire_sim = RunUnderFire(fire, Simulate(fire));
  ASSERT_EQ(fire_sim.exit_code, 0) << fire_sim.output;
  const Outcome fire_rep = RunUnderFire(fire, Replay(fire));
  ASSERT_EQ(fire_rep.exit_code, 0) << fire_rep.output;
  ExpectKilledEnough();

  EXPECT_EQ(fire.Digest("sim"), calm.Digest("sim"));
  EXPECT_EQ(fire.Digest("rep"), calm.Digest("rep"));
  // The command's own report agrees too.
  EXPECT_EQ(Line(fire_rep.output, "agreement:"),
            Line(calm_rep.output, "agreement:"));
}

// The client killed outright (SIGKILL) at random moments and the same
// command run again each time, until it finishes: it continues from its
// level journal, and the run ends as it does undisturbed.
TEST_F(CrashTest, KilledClientsEndInTheUndisturbedState) {
  TempDir calm_dir;
  Stack calm(calm_dir.path());
  ASSERT_TRUE(calm.status().ok()) << calm.status();
  const Outcome calm_sim = RunCommand(Simulate(calm));
  ASSERT_EQ(calm_sim.exit_code, 0) << calm_sim.output;

  const std::unique_ptr<Stack> fire_stack = FireStack(calm_dir);
  Stack& fire = *fire_stack;
  ASSERT_TRUE(fire.status().ok()) << fire.status();
  std::uniform_int_distribution<int> lives_ms(1500, 5000);
  int killed = 0;
  Outcome outcome;
  // Eight lives of 1.5-5 s, then one to the end: each start goes through
  // the run from its first day again (reads from the journal, events intake
  // has as duplicates), and under TLS thirty short lives all ended before
  // the last step.
  for (int attempt = 0; attempt < 9; ++attempt) {
    // `timeout` sends SIGKILL when the time is up: exit 137, as a crash.
    const std::string life = attempt < 8
                                 ? absl::StrCat("timeout --signal=KILL ",
                                                lives_ms(random_) / 1000.0, " ")
                                 : "";
    outcome = RunCommand(life + Simulate(fire));
    if (outcome.exit_code != 137) break;
    ++killed;
  }
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  std::printf("client killed %d times (killer seed %u)\n", killed,
              killer_seed_);
  EXPECT_GE(killed, 1) << "killer seed " << killer_seed_;
  EXPECT_EQ(fire.Digest("sim"), calm.Digest("sim"));
}

// Runs delivered at once go through different lanes of each service; kills
// land while several runs' batches are in flight, and every run still ends
// as it does on an undisturbed cluster.
TEST_F(CrashTest, ManyRunsAtOnceEndInTheUndisturbedState) {
  TempDir calm_dir;
  Stack calm(calm_dir.path());
  ASSERT_TRUE(calm.status().ok()) << calm.status();
  const Outcome calm_sim = RunCommand(SimulateMany(calm));
  ASSERT_EQ(calm_sim.exit_code, 0) << calm_sim.output;

  const std::unique_ptr<Stack> fire_stack = FireStack(calm_dir);
  Stack& fire = *fire_stack;
  ASSERT_TRUE(fire.status().ok()) << fire.status();
  const Outcome fire_sim = RunUnderFire(fire, SimulateMany(fire));
  ASSERT_EQ(fire_sim.exit_code, 0) << fire_sim.output;
  ExpectKilledEnough();
  for (int r = 1; r <= 4; ++r) {
    const std::string run_id = absl::StrCat("many-r", r);
    EXPECT_EQ(fire.Digest(run_id), calm.Digest(run_id)) << run_id;
  }
}

}  // namespace
}  // namespace frontdoor
