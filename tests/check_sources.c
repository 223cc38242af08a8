/* tests/check_sources.c: placeholder until its suite is written (skipped). */
int main(void) { return 77; }
