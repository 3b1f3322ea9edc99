//! Run-time choice of the AVX2 copies of the solver's loop kernels.
//!
//! The default build targets baseline x86-64 (SSE2), so a loop over the nodes is vectorised two
//! doubles wide. A few kernels (the node look-ups [`super::nodes::NodeSoils::evaluate_all`], the
//! element conductivities of [`super::flow::update_conductivities`] and the transport step
//! [`super::transport::transport_step`]) are also compiled a second time for AVX2 and FMA (four
//! doubles wide, as in `-C target-cpu=x86-64-v3`) and the copy is chosen when the processor
//! running the program has those features ("function multiversioning"; Intel 64 and IA-32
//! Architectures Software Developer's Manual, vol. 1, ch. 14).
//!
//! Both copies are compiled from one body and perform the same IEEE operations in the same
//! order: Rust never contracts a multiply and an add into a fused multiply-add unless asked
//! (`f64::mul_add`, which these kernels do not use), so the two copies give the same bits
//! (unit tests in each kernel's module).

/// Whether the processor running the program has AVX2 and FMA, so that the AVX2 kernels may be
/// called. The standard library caches the answer of its detection after the first call.
#[inline]
pub(crate) fn avx2_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}
