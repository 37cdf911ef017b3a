// bnnc as a library: everything the bnnc command does, over typed options, for C++ programs
// (and the Python module, python/). docs/library.md is the guide; find_package(bnnc) and link
// bnnc::bnnc.
//
//   compile     api::compile(path or api::Model, api::CompileOptions) -> api::Compiled: the chip
//               image, its file bytes and the warnings; image::readImage reads one back
//   inspect     api::inspectModel, api::inspectImage: what bnnc does with each node, what an
//               image holds
//   program     device::programChip (a virtual chip under a device model and an environment),
//               device::injectBitErrors; image::streamScheduleCsv and friends (the schedule)
//   evaluate    evaluate::Bench (an image prepared once on a data set) -> evaluate(Population)
//               -> evaluate::Result: accuracies with intervals, BER per layer, energy, predictions
//   sweep       sweep::Job -> sweep::Sweep: one result row per point of a sweep description
//
// Errors are bnnc::Error; Error::diagnostics() gives each of its lines with its severity, file
// and place (node, byte offset, JSON pointer, line), and warnings come back as Diagnostics.
#pragma once

#include "bnnc/api/compile.h"
#include "bnnc/api/inspect.h"
#include "bnnc/device/device_model.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/evaluate/evaluate.h"
#include "bnnc/evaluate/reference.h"
#include "bnnc/evaluate/report.h"
#include "bnnc/image/image.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/diagnostic.h"
#include "bnnc/support/error.h"
#include "bnnc/support/version.h"
#include "bnnc/sweep/spec.h"
#include "bnnc/sweep/sweep.h"
