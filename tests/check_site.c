/* tests/check_site.c: placeholder until written (skipped). */
int main(void) { return 77; }
