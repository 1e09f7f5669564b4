//===- MHAAttrs.td - attributes of the mha dialect --------*- tablegen -*-===//
#ifndef MHA_DIALECT_MHA_IR_MHAATTRS_TD
#define MHA_DIALECT_MHA_IR_MHAATTRS_TD

include "mha/Dialect/MHA/IR/MHADialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def MHA_CausalNone : I32EnumAttrCase<"none", 0>;
def MHA_CausalTopLeft : I32EnumAttrCase<"top_left", 1>;
def MHA_CausalBottomRight : I32EnumAttrCase<"bottom_right", 2>;

def MHA_CausalMode : I32EnumAttr<"CausalMode",
    "where the causal diagonal sits when the query and key lengths differ",
    [MHA_CausalNone, MHA_CausalTopLeft, MHA_CausalBottomRight]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::mha";
}

def MHA_CausalModeAttr : EnumAttr<MHA_Dialect, MHA_CausalMode, "causal"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // MHA_DIALECT_MHA_IR_MHAATTRS_TD
