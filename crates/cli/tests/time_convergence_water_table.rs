//! The default (fast) path is converged in time on evaporation and uptake from a saline water
//! table with irrigations, through `aralkum simulate` (issue 3: answers converged by default).
//!
//! The problem of `data/hydrus/salt_water_table/` (1 m loam over a water table at its bottom,
//! 180 days of 0.25 cm/d potential evaporation and transpiration, six 6 cm irrigations; the
//! surface dries out to h_crit after each) is run with the default accuracy and with
//! `accuracy = "converged"` (steps of at most 0.01 d and 0.001 change of water content). The
//! soil-limited evaporation after each drying of the surface is what long steps get wrong: the
//! surface cell dries too fast under the potential rate and reaches h_crit early. With the
//! second-order steps of up to 2/3 d of a quiet day the fast path's evaporation was 0.95 % under
//! the converged run's; with steps of at most 0.25 d while the surface dries at the
//! potential rate it was 0.32 % under it, the other four quantities within 0.11 % (0.33 % and
//! 0.09 % since backward Euler restarts after each switch of the surface condition). Since the
//! eighth round the drying surface takes third-order steps held by its surface cell's change
//! (`FAST_SURFACE_TARGET_DTHETA`) instead of the cap: evaporation -0.06 %, the others within
//! 0.06 %. Tolerance: the 0.5 % of `crates/core/tests/time_convergence.rs` on cumulative
//! evaporation, transpiration, capillary rise, salt entering from below and final storage.

mod common;

#[test]
fn evaporation_from_a_water_table_is_converged_in_time() {
    let converged =
        common::simulate_with_accuracy("hydrus/salt_water_table", "water_table", Some("converged"));
    let fast = common::simulate_with_accuracy("hydrus/salt_water_table", "water_table", None);
    common::assert_converged_in_time(
        &converged,
        &fast,
        &[
            "cum_evaporation_cm",
            "cum_transpiration_cm",
            "cum_capillary_rise_cm",
            "cum_salt_in_bottom_mg_cm2",
            "final_storage_cm",
        ],
        0.005,
    );
}
