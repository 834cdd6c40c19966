META
key;value
description;Two groups of voters, written by hand for the Equal Shares test
country;United Kingdom
unit;Test
instance;two-groups
num_projects;3
num_votes;10
budget;100
vote_type;approval
rule;equalshares/add1
max_sum_cost;100
PROJECTS
project_id;cost;name
1;50;Skate park
2;50;Youth café
3;50;Music studio
VOTES
voter_id;vote
1;1,2
2;1,2
3;1,2
4;1,2
5;1,2
6;1,2
7;3
8;3
9;3
10;3
