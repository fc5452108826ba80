"""Each thing a district reports, with its SQL and its checks: the plan of activities (plan), service centers, ESIA
registrations (esia), indicators with composites and control points, public services (МСЗУ: public_services), the
profile, deadlines, periods and the notes on control ratios.
"""
