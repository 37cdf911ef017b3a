// The ONNX model builder of the importer's unit tests, compiled into this suite too.
#include "unit/onnx/model_builder_util.cpp"
