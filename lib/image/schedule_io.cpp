// The schedule as CSV and JSON (formats in docs/programming.md).
#include "bnnc/image/schedule.h"
#include "text.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace bnnc::image {

namespace {

using Json = nlohmann::ordered_json;

Json conditionJson(const Condition &c) {
  return Json{{"name", c.name},
              {"set_compliance_ua", c.set_compliance_ua},
              {"set_voltage_v", c.set_voltage_v},
              {"reset_voltage_v", c.reset_voltage_v},
              {"pulse_ns", c.pulse_ns},
              {"set_energy_pj", c.set_energy_pj},
              {"reset_energy_pj", c.reset_energy_pj},
              {"ber_bound", c.ber_bound},
              {"endurance_cycles", c.endurance_cycles}};
}

Json totalsJson(const ScheduleTotals &t) {
  return Json{{"pulses", t.pulses},
              {"sets", t.sets},
              {"resets", t.resets},
              {"energy_nj", t.energy_nj},
              {"time_us", t.time_us}};
}

// Calls visit(op) for every operation of a stored schedule.
template <typename Visit> void forEachOp(const std::vector<DeviceOp> &ops, Visit &&visit) {
  for (const DeviceOp &op : ops)
    visit(op);
}
template <typename Visit> void forEachOp(const mapping::Mapping &mapping, Visit &&visit) {
  forEachDeviceOp(mapping, visit);
}

// Both writers stream one operation at a time from either source (a vector or a mapping).
template <typename Ops> void writeCsv(std::ostream &out, const Ops &ops, const Condition &c) {
  out << "index,tile,row,col,device,op,voltage_v,compliance_ua,pulse_ns,energy_pj\n";
  // The per-operation columns are the same for every SET and every RESET: format them once.
  // A RESET has no compliance current (it is voltage-driven), so that field stays empty.
  const std::string set = ",SET," + formatDouble(c.set_voltage_v) + "," +
                          formatDouble(c.set_compliance_ua) + "," + formatDouble(c.pulse_ns) + "," +
                          formatDouble(c.set_energy_pj) + "\n";
  const std::string reset = ",RESET," + formatDouble(c.reset_voltage_v) + ",," +
                            formatDouble(c.pulse_ns) + "," + formatDouble(c.reset_energy_pj) + "\n";
  uint64_t i = 0;
  forEachOp(ops, [&](const DeviceOp &op) {
    out << i++ << ',' << op.tile << ',' << op.row << ',' << op.col << ',' << int(op.device)
        << (op.set ? set : reset);
  });
}

template <typename Ops> void writeJson(std::ostream &out, const Ops &ops, const Condition &c) {
  // The operations are streamed one per line rather than built as one JSON value: a full chip
  // has millions of them.
  out << "{\n  \"condition\": " << conditionJson(c).dump()
      << ",\n  \"totals\": " << totalsJson(scheduleTotals(ops, c)).dump()
      << ",\n  \"operations\": [";
  bool first = true;
  forEachOp(ops, [&](const DeviceOp &op) {
    out << (first ? "\n    [" : ",\n    [") << op.tile << ',' << op.row << ',' << op.col << ','
        << int(op.device) << (op.set ? ",\"SET\"]" : ",\"RESET\"]");
    first = false;
  });
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace

void writeScheduleCsv(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c) {
  writeCsv(out, ops, c);
}

void writeScheduleJson(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c) {
  writeJson(out, ops, c);
}

void streamScheduleCsv(std::ostream &out, const mapping::Mapping &mapping, const Condition &c) {
  writeCsv(out, mapping, c);
}

void streamScheduleJson(std::ostream &out, const mapping::Mapping &mapping, const Condition &c) {
  writeJson(out, mapping, c);
}

} // namespace bnnc::image
