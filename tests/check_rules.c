/* tests/check_rules.c: placeholder until written (skipped). */
int main(void) { return 77; }
