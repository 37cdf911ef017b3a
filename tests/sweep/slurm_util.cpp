#include "sweep/slurm_util.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace bnnc::test {

namespace {

// The output of a shell command (stdout only).
std::string capture(const std::string &cmd) {
  std::string out;
  if (FILE *p = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (size_t n = std::fread(buf, 1, sizeof buf, p))
      out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

std::string slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A TCP port free on loopback now (the kernel's choice for port 0).
int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

pid_t pidIn(const std::string &file) {
  std::ifstream in(file);
  long pid = 0;
  in >> pid;
  return pid_t(pid);
}

// SIGTERM, then SIGKILL after 10 s.
void stop(pid_t pid) {
  if (pid <= 0 || ::kill(pid, SIGTERM) != 0)
    return;
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGKILL);
}

} // namespace

SlurmCluster::SlurmCluster(const std::string &dir) : dir_(dir) {
  for (const char *tool : {"slurmctld", "slurmd", "sbatch", "sinfo"})
    if (capture(std::string("command -v ") + tool).empty()) {
      error_ = std::string(tool) + " not found: install Debian's slurmctld, slurmd and "
                                   "slurm-client (scripts/install-deps.sh does)";
      return;
    }
  start();
}

void SlurmCluster::start() {
  std::filesystem::create_directories(dir_ + "/state");
  std::filesystem::create_directories(dir_ + "/spool");
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  // The node as slurmd sees it ("NodeName=h CPUs=2 Boards=1 ... RealMemory=..."): a node
  // configured with more than it has would be drained.
  std::string node = capture("slurmd -C | head -n 1");
  node = node.substr(0, node.find('\n'));
  std::ofstream conf(dir_ + "/slurm.conf");
  conf << "ClusterName=bnnc-test\nSlurmctldHost=" << host << "(127.0.0.1)\n"
       << "SlurmctldPort=" << freePort() << "\nSlurmdPort=" << freePort() << "\n"
       << "SlurmUser=root\nSlurmdUser=root\nAuthType=auth/none\nCredType=cred/none\n"
       << "StateSaveLocation=" << dir_ << "/state\nSlurmdSpoolDir=" << dir_ << "/spool\n"
       << "SlurmctldPidFile=" << dir_ << "/slurmctld.pid\nSlurmdPidFile=" << dir_
       << "/slurmd.pid\nSlurmctldLogFile=" << dir_ << "/slurmctld.log\nSlurmdLogFile=" << dir_
       << "/slurmd.log\nProctrackType=proctrack/pgid\nTaskPlugin=task/none\n"
       << "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n"
       << "SchedulerType=sched/builtin\nJobCompType=jobcomp/none\n"
       // Schedule a batch job as soon as the node is free (the default waits up to 3 s).
       << "SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000\n"
       << "AccountingStorageType=accounting_storage/none\nJobAcctGatherType=jobacct_gather/none\n"
       << "MpiDefault=none\nReturnToService=2\n"
       << node << " NodeAddr=127.0.0.1 State=UNKNOWN\n"
       << "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n";
  conf.close();
  std::string c = dir_ + "/slurm.conf";
  // In the background: each daemon writes its pid file, which the destructor reads.
  if (std::system(("slurmctld -D -f " + c + " >" + dir_ + "/ctld.out 2>&1 &").c_str()) != 0 ||
      std::system(("slurmd -D -f " + c + " >" + dir_ + "/d.out 2>&1 &").c_str()) != 0) {
    error_ = "cannot start the Slurm daemons";
    return;
  }
  for (int i = 0; i < 300; ++i) { // up to 30 s for the node to register
    if (capture(env() + " sinfo -h -o %T 2>/dev/null").rfind("idle", 0) == 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error_ =
      "the Slurm node did not become idle within 30 s; sinfo: " + capture(env() + " sinfo 2>&1") +
      "\nslurmctld:\n" + slurp(dir_ + "/ctld.out") + slurp(dir_ + "/slurmctld.log") +
      "\nslurmd:\n" + slurp(dir_ + "/d.out") + slurp(dir_ + "/slurmd.log");
}

std::string SlurmCluster::wait(const std::string &jobs, int timeout_s) const {
  std::string queue;
  for (int i = 0; i < timeout_s * 5; ++i) {
    queue = capture(env() + " squeue -h -o '%i %T %r' -j " + jobs + " 2>&1");
    if (queue.empty())
      return "";
    if (queue.find("DependencyNeverSatisfied") != std::string::npos)
      return "a job's dependency failed:\n" + queue;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return "jobs still queued after " + std::to_string(timeout_s) + " s:\n" + queue;
}

SlurmCluster::~SlurmCluster() {
  stop(pidIn(dir_ + "/slurmd.pid"));
  stop(pidIn(dir_ + "/slurmctld.pid"));
}

} // namespace bnnc::test
