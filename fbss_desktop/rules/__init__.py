"""Decision support: pure, data-driven rules over a consult, its draft plan and the patient's history."""
