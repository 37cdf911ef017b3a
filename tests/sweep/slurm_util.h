// A single-node Slurm cluster for the tests, started from Debian's slurm-wlm packages in a
// scratch directory: slurmctld and slurmd on this host, on free loopback ports, with
// authentication off (auth/none: one machine, one user) and no cgroups, so that it runs inside a
// container as well. Jobs are submitted with the environment of env() (SLURM_CONF).
#pragma once

#include <string>

namespace bnnc::test {

class SlurmCluster {
public:
  explicit SlurmCluster(const std::string &dir); // starts it and waits until the node is idle
  ~SlurmCluster();                               // stops both daemons
  SlurmCluster(const SlurmCluster &) = delete;
  SlurmCluster &operator=(const SlurmCluster &) = delete;

  // Why the cluster did not come up (with the daemons' logs), or "" when it runs.
  const std::string &error() const { return error_; }
  // "SLURM_CONF=<dir>/slurm.conf": put before sbatch, squeue...
  std::string env() const { return "SLURM_CONF=" + dir_ + "/slurm.conf"; }
  // Waits until the jobs ("12,13") have left the queue, polling every 0.2 s (sbatch --wait polls
  // every 10 s); returns "" or why not: a timeout, or a job whose dependency failed.
  std::string wait(const std::string &jobs, int timeout_s) const;

private:
  void start();
  std::string dir_, error_;
};

} // namespace bnnc::test
