//! The default (fast) path is converged in time on evaporation and uptake from a saline water
//! table with irrigations, through `aralkum simulate` (issue 3: answers converged by default).
//!
//! The problem of `data/hydrus/salt_water_table/` (1 m loam over a water table at its bottom,
//! 180 days of 0.25 cm/d potential evaporation and transpiration, six 6 cm irrigations; the
//! surface dries out to h_crit after each) is run with the default accuracy and with
//! `accuracy = "converged"` (steps of at most 0.01 d and 0.001 change of water content). The
//! soil-limited evaporation after each drying of the surface is what the fast path's longest
//! steps get wrong: with second-order steps of up to 2/3 d its evaporation is 0.95 % under the
//! converged run's (the other four quantities within 0.1 %). Tolerance: the 0.5 % of
//! `crates/core/tests/time_convergence.rs` on cumulative evaporation, transpiration, capillary
//! rise, salt entering from below and final storage.
//!
//! Ignored for now: steps of at most 0.25 d pass it (-0.36 %), but then the ponded runoff of
//! day 5 of the ponding problem moves to 1.11 % from HYDRUS (limit 1 %, `hydrus_runs.rs`) and
//! the drainage of 121 and 481 nodes in `finer_nodes.rs` to 2.3 % apart; see
//! docs/performance.md ("What is left").

mod common;

#[test]
#[ignore = "fast path 0.95 % under the converged run on this evaporation; shorter steps that \
            pass it fail the ponding and finer-nodes checks (docs/performance.md, What is left)"]
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
