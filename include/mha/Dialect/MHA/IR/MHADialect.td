//===- MHADialect.td - the mha dialect definition ---------*- tablegen -*-===//
#ifndef MHA_DIALECT_MHA_IR_MHADIALECT_TD
#define MHA_DIALECT_MHA_IR_MHADIALECT_TD

include "mlir/IR/OpBase.td"

def MHA_Dialect : Dialect {
  let name = "mha";
  let summary = "Multi-head attention as first-class operations";
  let description = [{
    The `mha` dialect states scaled dot-product attention and the whole
    multi-head attention block as single operations with exact semantics
    (docs/Dialect.md), so that compilers can tile, fuse and lower them as a
    unit instead of rediscovering them in a sea of matmuls and reductions.
  }];
  let cppNamespace = "::mlir::mha";
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 0;
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect", "::mlir::tensor::TensorDialect"];
}

class MHA_Op<string mnemonic, list<Trait> traits = []>
    : Op<MHA_Dialect, mnemonic, traits>;

#endif // MHA_DIALECT_MHA_IR_MHADIALECT_TD
